// crash.hpp - the opt-in drain on a fatal signal (SIGSEGV, SIGBUS, SIGILL,
// SIGFPE, SIGABRT): see picolog_install_crash_handler in picolog/crash.h.
#pragma once

#include "picolog/error.hpp"

namespace picolog::crash {

// Installs the handlers once, keeping the ones they replace to chain to.
// kOk, or kInternal if sigaction fails.
int install() noexcept;

}  // namespace picolog::crash
