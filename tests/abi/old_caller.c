/* old_caller.c - a program built against today's picolog.h, run with a
 * library whose structs have each grown a field (grow_headers.cmake). Every
 * struct it passes is of today's version and size: the library must take the
 * defaults for what it lacks, and must not write past what it passes.
 * Usage: picolog_abi_old_caller <scratch log file>. Exits 0 when all holds. */
#include <picolog.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define EXPECT(cond)                                                                            \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "%s:%d: expected %s (last error: %s)\n", __FILE__, __LINE__, #cond, \
                    picolog_last_error());                                                      \
            ++failures;                                                                         \
        }                                                                                       \
    } while (0)

#define GUARD 32
static int untouched(const unsigned char* bytes, size_t from, size_t to) {
    size_t i;
    for (i = from; i < to; ++i)
        if (bytes[i] != 0xAB) return 0;
    return 1;
}

/* What the callback handler saw, through a view of today's size. */
struct seen {
    int views;
    int line;
    char field[32];
    int guard_intact;
};

static int emit(const picolog_record* record, const char* line, size_t len, void* userdata) {
    struct seen* seen = (struct seen*)userdata;
    unsigned char buf[sizeof(picolog_record_view) + GUARD];
    picolog_record_view* view = (picolog_record_view*)(void*)buf;
    (void)line;
    (void)len;
    memset(buf, 0xAB, sizeof buf);
    if (picolog_record_get(record, view, sizeof(picolog_record_view)) != 0) return 1;
    seen->views++;
    seen->line = view->line;
    if (view->field_count == 1) snprintf(seen->field, sizeof seen->field, "%s", view->fields[0].value);
    seen->guard_intact = untouched(buf, sizeof(picolog_record_view), sizeof buf);
    return 0;
}

/* init of today's version N (older than the grown library's N + 1) writes
 * the _INIT macro's defaults and nothing past today's struct; version N + 2
 * is refused naming both. */
#define CHECK_INIT(type, init, macro, same)                                                       \
    do {                                                                                          \
        unsigned char buf_[sizeof(type) + GUARD];                                                 \
        type* got = (type*)(void*)buf_;                                                           \
        const type want = macro;                                                                  \
        char refused_[96];                                                                        \
        memset(buf_, 0xAB, sizeof buf_);                                                          \
        EXPECT(init(got, want.version) == 0);                                                     \
        EXPECT(got->version == want.version && (same));                                           \
        EXPECT(untouched(buf_, sizeof(type), sizeof buf_));                                       \
        memset(buf_, 0xAB, sizeof buf_);                                                          \
        EXPECT(init(got, want.version + 2) == PICOLOG_EINVAL);                                    \
        snprintf(refused_, sizeof refused_, "version %u is newer than this library's version %u", \
                 want.version + 2, want.version + 1);                                             \
        EXPECT(strstr(picolog_last_error(), refused_) != NULL);                                   \
        EXPECT(untouched(buf_, 0, sizeof buf_));                                                  \
    } while (0)

static int same_queue(const picolog_queue_options* a, const picolog_queue_options* b) {
    return a->version == b->version && a->capacity == b->capacity && a->max_bytes == b->max_bytes &&
           a->overflow == b->overflow && a->timeout_ms == b->timeout_ms &&
           a->respect_handler_level == b->respect_handler_level;
}

static void check_handler_init_functions(void) {
    CHECK_INIT(picolog_memory_options, picolog_memory_options_init, PICOLOG_MEMORY_OPTIONS_INIT,
               got->capacity == want.capacity && got->flush_level == want.flush_level &&
                   got->flush_on_close == want.flush_on_close);
    CHECK_INIT(picolog_backtrace_options, picolog_backtrace_options_init, PICOLOG_BACKTRACE_OPTIONS_INIT,
               got->capacity == want.capacity && got->store_below == want.store_below &&
                   got->trigger == want.trigger && got->prefix == want.prefix);
    CHECK_INIT(picolog_syslog_options, picolog_syslog_options_init, PICOLOG_SYSLOG_OPTIONS_INIT,
               got->transport == want.transport && got->port == want.port && got->facility == want.facility &&
                   got->max_datagram == want.max_datagram && got->hold == want.hold &&
                   got->send_timeout_ms == want.send_timeout_ms && got->tls_verify == want.tls_verify &&
                   same_queue(&got->queue, &want.queue) && got->max_message == want.max_message);
    CHECK_INIT(picolog_journald_options, picolog_journald_options_init, PICOLOG_JOURNALD_OPTIONS_INIT,
               got->socket_path == want.socket_path && got->facility == want.facility &&
                   got->default_severity == want.default_severity && same_queue(&got->queue, &want.queue));
}

/* A memory handler and a syslog handler made from today's (older) option
 * structs: the grown library takes its defaults for the fields they lack. */
static void check_older_handler_options(const char* scratch_log) {
    picolog_syslog_options syslog_options = PICOLOG_SYSLOG_OPTIONS_INIT;
    picolog_memory_options memory_options = PICOLOG_MEMORY_OPTIONS_INIT;
    picolog_file_options file_options = PICOLOG_FILE_OPTIONS_INIT;
    picolog_handler* syslog = NULL;
    picolog_handler* memory = NULL;
    picolog_handler* file = NULL;
    picolog_logger* logger = NULL;
    size_t held = 99;

    syslog_options.address = "/nonexistent/picolog-abi-test.sock";
    EXPECT(picolog_syslog_handler_new(&syslog, &syslog_options) == 0);
    picolog_handler_release(syslog);
    /* max_message follows the embedded queue options, which the grown
     * library's struct has grown: it must still be read where today's
     * struct has it (too small a value is refused, naming it). */
    syslog_options.max_message = 10;
    syslog = NULL;
    EXPECT(picolog_syslog_handler_new(&syslog, &syslog_options) == PICOLOG_EINVAL);
    EXPECT(strstr(picolog_last_error(), "max_message") != NULL);

    file_options.truncate = 1;
    EXPECT(picolog_file_handler_new(&file, scratch_log, &file_options) == 0);
    memory_options.capacity = 2;
    EXPECT(picolog_memory_handler_new(&memory, &memory_options, file) == 0);
    EXPECT(picolog_get_logger(&logger, "abi.old_caller.memory") == 0);
    if (!memory || !logger) return;
    EXPECT(picolog_logger_add_handler(logger, memory) == 0);
    EXPECT(picolog_log(logger, PICOLOG_WARNING, "held") == 0);
    EXPECT(picolog_memory_handler_buffered(memory, &held) == 0 && held == 1);
    EXPECT(picolog_log(logger, PICOLOG_WARNING, "full") == 0);
    EXPECT(picolog_memory_handler_buffered(memory, &held) == 0 && held == 0);
    picolog_logger_clear_handlers(logger);
    picolog_handler_release(memory);
    picolog_handler_release(file);
}

static void check_init_functions(void) {
    unsigned char buf[sizeof(picolog_queue_options) + GUARD];
    picolog_queue_options* q = (picolog_queue_options*)(void*)buf;
    memset(buf, 0xAB, sizeof buf);
    EXPECT(picolog_queue_options_init(q, PICOLOG_QUEUE_OPTIONS_VERSION) == 0);
    EXPECT(q->version == 1 && q->capacity == 8192 && q->respect_handler_level == 1);
    EXPECT(untouched(buf, sizeof(picolog_queue_options), sizeof buf));
    /* The grown library knows version 2 and refuses 3, naming both. */
    EXPECT(picolog_file_options_init(NULL, 3) == PICOLOG_EINVAL);
    {
        picolog_file_options f = PICOLOG_FILE_OPTIONS_INIT;
        picolog_handler* h = NULL;
        f.version = 3;
        EXPECT(picolog_file_handler_new(&h, "never.log", &f) == PICOLOG_EINVAL);
        EXPECT(strstr(picolog_last_error(), "version 3 is newer than this library's version 2") != NULL);
    }
}

int main(int argc, char** argv) {
    picolog_logger* logger = NULL;
    picolog_handler* file = NULL;
    picolog_handler* callback = NULL;
    picolog_handler* queue = NULL;
    picolog_file_options file_options = PICOLOG_FILE_OPTIONS_INIT;
    picolog_queue_options queue_options = PICOLOG_QUEUE_OPTIONS_INIT;
    picolog_callback_handler_options callback_options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    picolog_field field = {"user", "ada"};
    struct seen seen;
    unsigned char stats_buf[sizeof(picolog_queue_stats) + GUARD];
    picolog_queue_stats* stats = (picolog_queue_stats*)(void*)stats_buf;
    char text[256] = "";
    FILE* in;

    if (argc != 2) return 2;
    memset(&seen, 0, sizeof seen);
    check_init_functions();
    check_handler_init_functions();
    check_older_handler_options(argv[1]);

    file_options.truncate = 1;
    file_options.flush_policy = PICOLOG_FLUSH_BUFFERED;
    EXPECT(picolog_file_handler_new(&file, argv[1], &file_options) == 0);
    callback_options.emit = emit;
    callback_options.userdata = &seen;
    EXPECT(picolog_callback_handler_new(&callback, &callback_options) == 0);
    queue_options.capacity = 64;
    queue_options.overflow = PICOLOG_OVERFLOW_DROP_NEWEST;
    EXPECT(picolog_queue_handler_new(&queue, &queue_options, &file, 1) == 0);
    if (failures) return 1;

    EXPECT(picolog_get_logger(&logger, "abi.old_caller") == 0);
    EXPECT(picolog_logger_set_level(logger, PICOLOG_INFO) == 0);
    EXPECT(picolog_logger_add_handler(logger, queue) == 0);
    EXPECT(picolog_logger_add_handler(logger, callback) == 0);
    info.line = 42;
    info.fields = &field;
    info.field_count = 1;
    EXPECT(picolog_log_ex(logger, PICOLOG_WARNING, "old caller", PICOLOG_NUL_TERMINATED, &info) == 0);
    EXPECT(picolog_handler_flush(queue) == 0);

    memset(stats_buf, 0xAB, sizeof stats_buf);
    EXPECT(picolog_queue_handler_stats(queue, stats, sizeof(picolog_queue_stats)) == 0);
    EXPECT(stats->enqueued == 1 && stats->emitted == 1 && stats->capacity == 64);
    EXPECT(untouched(stats_buf, sizeof(picolog_queue_stats), sizeof stats_buf));
    EXPECT(seen.views == 1 && seen.line == 42 && strcmp(seen.field, "ada") == 0 && seen.guard_intact);

    in = fopen(argv[1], "r");
    EXPECT(in != NULL);
    if (in) {
        EXPECT(fgets(text, sizeof text, in) != NULL);
        fclose(in);
    }
    EXPECT(strcmp(text, "old caller\n") == 0);

    picolog_logger_clear_handlers(logger);
    picolog_handler_release(queue);
    picolog_handler_release(callback);
    picolog_handler_release(file);
    if (failures) return 1;
    puts("a caller of today's headers works with the grown library");
    return 0;
}
