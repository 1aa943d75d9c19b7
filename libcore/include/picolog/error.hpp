// error.hpp - the one exception type of the core and its status codes.
//
// Construction and configuration report bad input by throwing picolog::Error;
// the log path never throws and returns a Status instead. The C API catches
// every exception at the boundary and turns it into the same code.
#pragma once

#include <stdexcept>
#include <string>

namespace picolog {

// Status codes; the values are the C API's PICOLOG_E* numbers.
enum Status : int {
    kOk = 0,
    kInvalid = -1,
    kNoMemory = -2,
    kBadFormat = -3,
    kIoError = -4,
    kTimedOut = -5,
    kDropped = -6,
    kRange = -7,
    kBadState = -8,
    kNotFound = -9,
    kInternal = -10,
    kBusy = -11,   // a log call interrupted a log call of the same thread
    kAgain = -12,  // a call that must not wait would have had to (nothing was done)
};

class Error : public std::runtime_error {
public:
    Error(Status code, const std::string& message) : std::runtime_error(message), code_(code) {}
    Status code() const noexcept { return code_; }

    // A failure already reported where it happened (a binding's callback
    // that reported it in its own language, or stayed silent as asked): a
    // handler counts it and returns its code without a report of its own.
    static Error reported(Status code, const std::string& message) {
        Error error(code, message);
        error.reported_ = true;
        return error;
    }
    bool already_reported() const noexcept { return reported_; }

private:
    Status code_;
    bool reported_ = false;
};

// The worse of two statuses for a call that reached several handlers: the
// first failure wins.
inline int worse_status(int current, int next) noexcept {
    return current != kOk ? current : next;
}

}  // namespace picolog
