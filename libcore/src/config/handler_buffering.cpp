// handler_buffering.cpp - the keys of the handlers that hold records back
// for a target: logging.handlers.MemoryHandler (dictConfig's keywords:
// capacity, flushLevel, target, flushOnClose) and picolog's backtrace ring.
// `target` names another handler of the same configuration; schema.cpp
// resolves it (in any order) and refuses unknown names and cycles.
#include <climits>

#include "handler_types.hpp"
#include "picolog/level.hpp"
#include "picolog/memory.hpp"

namespace picolog::config {
namespace {

// The target, when one is named: a memory handler passes records to one
// handler, which may also serve loggers.
class HoldingSpec : public HandlerSpec {
public:
    std::string target;
    std::vector<std::string> targets() const override {
        return target.empty() ? std::vector<std::string>{} : std::vector<std::string>{target};
    }
    TargetsKey targets_key() const override { return {"target", false}; }

protected:
    static Ref<Handler> first(std::vector<Ref<Handler>>& targets) {
        return targets.empty() ? Ref<Handler>() : std::move(targets.front());
    }
};

class MemorySpec final : public HoldingSpec {
public:
    size_t capacity = 0;
    int flush_level = ERROR;
    bool flush_on_close = true;
    Ref<Handler> build(std::vector<Ref<Handler>> targets) const override {
        return Ref<MemoryHandler>::make(capacity, flush_level, first(targets), flush_on_close);
    }
};

class BacktraceSpec final : public HoldingSpec {
public:
    BacktraceOptions options;
    Ref<Handler> build(std::vector<Ref<Handler>> targets) const override {
        return Ref<BacktraceHandler>::make(options, first(targets));
    }
};

std::string read_target(Keys& keys) {
    const Node* node = keys.get("target");
    if (node == nullptr || node->kind == Node::Kind::Null) return {};  // target=None
    auto name = keys.string("target");
    if (name->empty()) keys.fail("target", "empty (name a handler of this configuration)");
    return *name;
}

}  // namespace

std::unique_ptr<HandlerSpec> parse_memory_handler(Keys& keys) {
    auto spec = std::make_unique<MemorySpec>();
    // Required, as MemoryHandler(capacity) has no default.
    auto capacity = keys.integer("capacity", 0, INT64_MAX);
    if (!capacity) keys.fail("capacity", "missing (the number of records that makes a flush)");
    spec->capacity = static_cast<size_t>(*capacity);
    if (auto key = either(keys, "flushLevel", "flush_level"); !key.empty())
        spec->flush_level = *keys.level(key);
    if (auto key = either(keys, "flushOnClose", "flush_on_close"); !key.empty())
        spec->flush_on_close = *keys.boolean(key);
    spec->target = read_target(keys);
    return spec;
}

std::unique_ptr<HandlerSpec> parse_backtrace_handler(Keys& keys) {
    auto spec = std::make_unique<BacktraceSpec>();
    BacktraceOptions& o = spec->options;
    if (auto n = keys.integer("capacity", 1, INT64_MAX)) o.capacity = static_cast<size_t>(*n);
    if (auto level = keys.level("store_below")) o.store_below = *level;
    if (auto level = keys.level("trigger")) o.trigger = *level;
    if (auto prefix = keys.string("prefix")) o.prefix = *prefix;
    spec->target = read_target(keys);
    return spec;
}

}  // namespace picolog::config
