// logger_name_test.cpp - a record queued by picolog_log's way
// (Logger::log_message) holds its logger's name by address, not by copy: the
// listener's handlers see the logger's own string, a name of any length
// costs the slot nothing, and every other member still arrives whole, with
// and without the thread's context fields.
#include <string>
#include <utility>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/context.hpp"
#include "picolog/logger.hpp"
#include "picolog/logger_route.hpp"
#include "picolog/registry.hpp"

using namespace async_test;

namespace {

// What the listener hands on, and where the logger's name lies.
class NameWitness final : public Handler {
public:
    struct Seen {
        const char* name_data;
        std::string name;
        std::string message;
        std::string thread_name;
        std::vector<std::pair<std::string, std::string>> fields;
    };
    std::vector<Seen> seen;  // read after the queue's flush

protected:
    int emit(const Record& r, std::string_view) override {
        Seen s{r.logger_name.data(),
               std::string(r.logger_name),
               std::string(r.message),
               std::string(r.thread_name),
               {}};
        EXPECT_EQ(r.logger_name.data()[r.logger_name.size()], '\0');
        for (const Field& f : r.fields) s.fields.emplace_back(f.key, f.value);
        seen.push_back(std::move(s));
        return kOk;
    }
};

TEST(LoggerName, AQueuedRecordRefersToItsLoggersOwnName) {
    // Far longer than a slot: copied, the name alone would send the record
    // to the heap; by address, the slot holds it.
    const std::string long_name = "logger_name_test." + std::string(5000, 'n');
    Logger& short_logger = Registry::instance().get("logger_name_test");
    Logger& long_logger = Registry::instance().get(long_name);
    short_logger.set_propagate(false);
    long_logger.set_propagate(false);
    auto witness = Ref<NameWitness>::make();
    auto queue = make_queue(QueueOptions{}, {witness});
    short_logger.set_handlers({queue});
    long_logger.set_handlers({queue});

    ASSERT_EQ(short_logger.log_message(INFO, "first"), kOk);
    ASSERT_EQ(long_logger.log_message(INFO, "second"), kOk);
    const Field pushed[] = {{"request_id", "r-9"}, {"user", "ada"}};
    const uint64_t token = context::push(pushed);
    ASSERT_EQ(long_logger.log_message(INFO, "in context"), kOk);
    context::pop(token);
    ASSERT_EQ(queue->flush(), kOk);
    short_logger.clear_handlers();
    long_logger.clear_handlers();

    ASSERT_EQ(witness->seen.size(), 3u);
    const auto& first = witness->seen[0];
    EXPECT_EQ(first.name_data, short_logger.name().data());
    EXPECT_EQ(first.name, "logger_name_test");
    EXPECT_EQ(first.message, "first");
    EXPECT_FALSE(first.thread_name.empty());
    EXPECT_TRUE(first.fields.empty());
    for (size_t i : {1u, 2u}) {
        EXPECT_EQ(witness->seen[i].name_data, long_logger.name().data()) << i;
        EXPECT_EQ(witness->seen[i].name, long_name) << i;
        EXPECT_EQ(witness->seen[i].thread_name, first.thread_name) << i;
    }
    EXPECT_EQ(witness->seen[1].message, "second");
    EXPECT_TRUE(witness->seen[1].fields.empty());
    EXPECT_EQ(witness->seen[2].message, "in context");
    EXPECT_EQ(witness->seen[2].fields,
              (std::vector<std::pair<std::string, std::string>>{{"request_id", "r-9"}, {"user", "ada"}}));
    EXPECT_EQ(queue->stats().enqueued, 3u);
}

}  // namespace
