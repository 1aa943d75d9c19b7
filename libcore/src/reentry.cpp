// reentry.cpp - the per-thread "inside a log call" depth (reentry.hpp).
#include "picolog/reentry.hpp"

namespace picolog::reentry {

thread_local constinit int t_inside = 0;
thread_local constinit int t_callouts = 0;

}  // namespace picolog::reentry
