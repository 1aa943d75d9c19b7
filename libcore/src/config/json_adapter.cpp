// json_adapter.cpp - JSON text to the neutral tree, over nlohmann::json.
#include <nlohmann/json.hpp>

#include "picolog/error.hpp"
#include "tree.hpp"

namespace picolog::config {
namespace {

using Json = nlohmann::ordered_json;

// Deeper than any configuration needs; a bound keeps the recursion safe.
constexpr int kMaxDepth = 64;

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

}  // namespace

Node parse_json(std::string_view text) {
    Json j;
    try {
        // Objects keep their document order, so errors come in reading order.
        j = Json::parse(text.begin(), text.end());
    } catch (const Json::exception& e) {
        throw Error(kInvalid, std::string("JSON: ") + e.what());
    }
    return convert(j, "", 0);
}

}  // namespace picolog::config
