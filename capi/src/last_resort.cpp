// last_resort.cpp - the C API of the process's last resort (see
// picolog/last_resort.h).
#include "picolog/last_resort.hpp"

#include "capi_internal.hpp"

using namespace picolog;
using namespace picolog::capi;

extern "C" {

int picolog_set_last_resort(picolog_handler* handler) {
    return guard("picolog_set_last_resort", [&] {
        if (handler == nullptr)
            last_resort::use_none();
        else
            last_resort::use(Ref<Handler>(from_c(handler)));
        return kOk;
    });
}

int picolog_reset_last_resort(void) {
    last_resort::use_builtin();
    return kOk;
}

}  // extern "C"
