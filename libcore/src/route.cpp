// route.cpp - the process-wide route generation (route.hpp).
#include "picolog/route.hpp"

namespace picolog::route {

std::atomic<uint64_t> g_generation{2};

}  // namespace picolog::route
