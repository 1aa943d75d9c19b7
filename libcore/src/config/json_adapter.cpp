// json_adapter.cpp - JSON text to the neutral tree, over nlohmann::json.
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "picolog/error.hpp"
#include "tree.hpp"

namespace picolog::config {
namespace {

using Json = nlohmann::ordered_json;

Node convert(const Json& j, const std::string& path, int depth) {
    if (depth > kMaxDepth) throw Error(kInvalid, path + ": nested too deeply");
    Node n;
    switch (j.type()) {
        case Json::value_t::null:
            n.kind = Node::Kind::Null;
            break;
        case Json::value_t::boolean:
            n.kind = Node::Kind::Bool;
            n.boolean = j.get<bool>();
            break;
        case Json::value_t::number_integer:
            n.kind = Node::Kind::Int;
            n.integer = j.get<int64_t>();
            break;
        case Json::value_t::number_unsigned: {
            uint64_t u = j.get<uint64_t>();
            if (u > static_cast<uint64_t>(INT64_MAX))
                throw Error(kInvalid, (path.empty() ? "configuration" : path) + ": integer " +
                                          std::to_string(u) + " is too large");
            n.kind = Node::Kind::Int;
            n.integer = static_cast<int64_t>(u);
            break;
        }
        case Json::value_t::number_float:
            n.kind = Node::Kind::Float;
            n.number = j.get<double>();
            break;
        case Json::value_t::string:
            n.kind = Node::Kind::String;
            n.text = j.get<std::string>();
            break;
        case Json::value_t::array:
            n.kind = Node::Kind::Array;
            for (size_t i = 0; i < j.size(); ++i)
                n.items.push_back(convert(j[i], path + "[" + std::to_string(i) + "]", depth + 1));
            break;
        case Json::value_t::object:
            n.kind = Node::Kind::Table;
            for (const auto& [key, value] : j.items())
                n.fields.push_back(Field{key, convert(value, join_path(path, key), depth + 1)});
            break;
        default:
            throw Error(kInvalid, (path.empty() ? "configuration" : path) + ": unsupported JSON value");
    }
    return n;
}

// Refuses a key given twice in one object, as TOML does: nlohmann would keep
// its last value, and an earlier setting would be dropped unseen.
class DuplicateKeys {
public:
    bool operator()(Json::parse_event_t event, const Json& parsed) {
        using Event = Json::parse_event_t;
        switch (event) {
            case Event::object_start:
            case Event::array_start:
                open_.push_back(Open{{}, {}, 0, event == Event::array_start});
                break;
            case Event::object_end:
            case Event::array_end:
                open_.pop_back();
                counted();
                break;
            case Event::key: {
                // Deeper values are refused as nested too deeply.
                if (open_.size() > static_cast<size_t>(kMaxDepth)) break;
                Open& o = open_.back();
                o.key = parsed.get<std::string>();
                if (!o.keys.insert(o.key).second)
                    throw Error(kInvalid, join_path(path_of(open_.size() - 1), o.key) + ": given twice");
                break;
            }
            case Event::value:
                counted();
                break;
        }
        return true;
    }

private:
    // An object or array being read. A path is built only for an error.
    struct Open {
        std::set<std::string> keys;  // an object's keys so far
        std::string key;             // the key whose value is being read
        size_t items;                // an array's items so far
        bool array;
    };

    // The path of the value open at `depth`.
    std::string path_of(size_t depth) const {
        std::string path;
        for (size_t i = 0; i < depth; ++i) {
            const Open& o = open_[i];
            path = o.array ? path + "[" + std::to_string(o.items) + "]" : join_path(path, o.key);
        }
        return path;
    }
    void counted() {
        if (!open_.empty() && open_.back().array) ++open_.back().items;
    }

    std::vector<Open> open_;
};

}  // namespace

Node parse_json(std::string_view text) {
    Json j;
    DuplicateKeys duplicates;
    try {
        // Objects keep their document order, so errors come in reading order.
        j = Json::parse(text.begin(), text.end(), [&](int, Json::parse_event_t event, Json& parsed) {
            return duplicates(event, parsed);
        });
    } catch (const Json::exception& e) {
        throw Error(kInvalid, std::string("JSON: ") + e.what());
    }
    return convert(j, "", 0);
}

}  // namespace picolog::config
