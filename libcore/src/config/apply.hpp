// apply.hpp - building a checked configuration and swapping it into the
// loggers, keeping the handlers whose settings did not change.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "picolog/config.hpp"
#include "picolog/filter.hpp"
#include "picolog/formatter.hpp"
#include "schema.hpp"

namespace picolog::config {

// What the last full configuration made; guarded by mutex.
struct AppliedState {
    std::mutex mutex;  // one configuration at a time; taken through StateLock
    struct Named {
        std::string key;
        Ref<Handler> handler;
    };
    std::map<std::string, Named> handlers;
    std::string path;  // the file of the last configure_file(), for reload()
};

// Never destroyed, as the registry.
AppliedState& applied_state();

// Holds applied_state().mutex. A child forked while another thread holds it
// gets it free (that thread does not exist there); the forking thread keeps
// holding it in the child if it held it in the parent.
class StateLock {
public:
    explicit StateLock(AppliedState& state);
    ~StateLock();
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

private:
    AppliedState& state_;
};

struct BuiltObjects {
    std::map<std::string, Ref<const Formatter>> formatters;
    std::map<std::string, Ref<const Filter>> filters;
};

// The formatters and filters of a spec; Error(kInvalid) naming the path of a
// bad pattern. No side effect.
BuiltObjects build_formatters_and_filters(const Spec& spec);

// Builds what the spec needs (reusing unchanged handlers of `state`), then
// installs it. state.mutex held. Throws before anything changes.
void apply_spec(const Spec& spec, AppliedState& state);

}  // namespace picolog::config
