// environment.cpp - ${VAR} and ${VAR:-default} in the strings of a parsed
// configuration, so one file serves several deployments.
#include <cstdlib>
#include <string>

#include "picolog/error.hpp"
#include "tree.hpp"

namespace picolog::config {
namespace {

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A default is expanded by a call of its own (depth deep): at most
// kMaxDepth, as tables, so neither the stack nor the copies of what follows
// each "${" grow with a file's size.
std::string expand(const std::string& in, const std::string& path, int depth) {
    auto fail = [&](const std::string& why) -> void {
        throw Error(kInvalid, (path.empty() ? "configuration" : path) + ": " + why);
    };
    if (depth > kMaxDepth) fail("defaults nested too deeply (more than " + std::to_string(kMaxDepth) + ")");
    if (in.find('$') == std::string::npos) return in;
    std::string out;
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '$' || i + 1 == in.size() || (in[i + 1] != '{' && in[i + 1] != '$')) {
            out += in[i];
            continue;
        }
        if (in[i + 1] == '$') {  // "$$" is one '$'
            out += '$';
            ++i;
            continue;
        }
        // The matching '}': a default may hold references of its own.
        size_t close = std::string::npos;
        for (size_t j = i + 2, depth = 0; j < in.size() && close == std::string::npos; ++j) {
            if (in[j] == '$' && j + 1 < in.size() && (in[j + 1] == '{' || in[j + 1] == '$')) {
                depth += in[j + 1] == '{';
                ++j;
            } else if (in[j] == '}') {
                if (depth == 0)
                    close = j;
                else
                    --depth;
            }
        }
        if (close == std::string::npos) fail("unterminated '${' in \"" + in + "\"");
        std::string_view body(in.data() + i + 2, close - i - 2);
        size_t sep = body.find(":-");
        std::string_view name = body.substr(0, sep);
        if (name.empty()) fail("empty variable name in \"" + in + "\"");
        for (char c : name)
            if (!name_char(c)) fail("bad variable name '" + std::string(name) + "' in \"" + in + "\"");
        const char* value = std::getenv(std::string(name).c_str());
        if (sep != std::string_view::npos && (value == nullptr || *value == '\0'))
            out += expand(std::string(body.substr(sep + 2)), path, depth + 1);
        else if (value != nullptr)
            out += value;
        else
            fail("environment variable " + std::string(name) + " is not set (write ${" + std::string(name) +
                 ":-default} for a default)");
        i = close;
    }
    return out;
}

void walk(Node& node, const std::string& path) {
    switch (node.kind) {
        case Node::Kind::String:
            node.text = expand(node.text, path, 0);
            break;
        case Node::Kind::Array:
            for (size_t i = 0; i < node.items.size(); ++i)
                walk(node.items[i], path + "[" + std::to_string(i) + "]");
            break;
        case Node::Kind::Table:
            for (auto& [key, value] : node.fields) walk(value, join_path(path, key));
            break;
        default:
            break;
    }
}

}  // namespace

void expand_environment(Node& root) {
    walk(root, "");
}

}  // namespace picolog::config
