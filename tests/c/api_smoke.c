/* api_smoke.c - a C99 program using the API the way C users do, linked
 * against libpicolog.so and run by ctest. Exits non-zero, naming the failed
 * check, if anything is off. */
#include <picolog.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                                 \
    do {                                                                                            \
        if (!(cond)) {                                                                              \
            fprintf(stderr, "api_smoke.c:%d: check failed: %s (last error: %s)\n", __LINE__, #cond, \
                    picolog_last_error());                                                          \
            failures++;                                                                             \
        }                                                                                           \
    } while (0)

struct seen {
    int count;
    char last_line[256];
    char last_func[64];
    int last_lineno;
    size_t last_field_count;
    int destroyed;
};

static int emit(const picolog_record* record, const char* line, size_t len, void* userdata) {
    struct seen* s = (struct seen*)userdata;
    picolog_record_view view;
    if (picolog_record_get(record, &view, sizeof view) != PICOLOG_OK) return 1;
    if (len >= sizeof s->last_line) len = sizeof s->last_line - 1;
    memcpy(s->last_line, line, len);
    s->last_line[len] = '\0';
    snprintf(s->last_func, sizeof s->last_func, "%s", view.func);
    s->last_lineno = view.line;
    s->last_field_count = view.field_count;
    s->count++;
    return 0;
}

static void destroy(void* userdata) {
    ((struct seen*)userdata)->destroyed++;
}

int main(void) {
    struct seen seen = {0, "", "", 0, 0, 0};
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    picolog_field fields[1];
    picolog_handler* handler = NULL;
    picolog_formatter* formatter = NULL;
    picolog_logger* logger = NULL;
    const volatile int32_t* threshold;
    int lineno;

    CHECK(picolog_version_number() == PICOLOG_VERSION_NUMBER);
    CHECK(strcmp(picolog_version(), PICOLOG_VERSION_STRING) == 0);

    options.emit = emit;
    options.destroy = destroy;
    options.userdata = &seen;
    CHECK(picolog_callback_handler_new(&handler, &options) == PICOLOG_OK);
    CHECK(picolog_formatter_new(&formatter, "%(levelname)s %(name)s: %(message)s", NULL,
                                PICOLOG_STYLE_PERCENT) == PICOLOG_OK);
    CHECK(picolog_handler_set_formatter(handler, formatter) == PICOLOG_OK);
    picolog_formatter_release(formatter);

    CHECK(picolog_get_logger(&logger, "c_smoke.app") == PICOLOG_OK);
    CHECK(picolog_logger_set_propagate(logger, 0) == PICOLOG_OK);
    CHECK(picolog_logger_set_level(logger, PICOLOG_INFO) == PICOLOG_OK);
    CHECK(picolog_logger_add_handler(logger, handler) == PICOLOG_OK);

    CHECK(picolog_log(logger, PICOLOG_INFO, "hello from C") == PICOLOG_OK);
    CHECK(seen.count == 1 && strcmp(seen.last_line, "INFO c_smoke.app: hello from C") == 0);

    CHECK(picolog_logf(logger, PICOLOG_WARNING, "%d + %d = %d", 2, 2, 4) == PICOLOG_OK);
    CHECK(strcmp(seen.last_line, "WARNING c_smoke.app: 2 + 2 = 4") == 0);

    CHECK(picolog_log(logger, PICOLOG_DEBUG, "filtered") == PICOLOG_OK);
    CHECK(seen.count == 2);

    threshold = picolog_logger_threshold_ptr(logger);
    CHECK(threshold != NULL && !PICOLOG_ENABLED(threshold, PICOLOG_DEBUG) &&
          PICOLOG_ENABLED(threshold, PICOLOG_INFO));
    CHECK(picolog_logger_set_level(logger, PICOLOG_DEBUG) == PICOLOG_OK);
    CHECK(PICOLOG_ENABLED(threshold, PICOLOG_DEBUG));

    lineno = __LINE__ + 1;
    PICOLOG_LOG_AT(logger, PICOLOG_ERROR, "located");
    CHECK(seen.last_lineno == lineno && strcmp(seen.last_func, "main") == 0);

    fields[0].key = "k";
    fields[0].value = "v";
    info.fields = fields;
    info.field_count = 1;
    CHECK(picolog_log_ex(logger, PICOLOG_INFO, "with a field", PICOLOG_NUL_TERMINATED, &info) == PICOLOG_OK);
    CHECK(seen.last_field_count == 1);

    CHECK(picolog_logger_set_level(logger, -3) == PICOLOG_EINVAL);
    CHECK(strcmp(picolog_last_error(), "picolog_logger_set_level: level -3 is negative") == 0);

    CHECK(picolog_logger_remove_handler(logger, handler) == PICOLOG_OK);
    CHECK(seen.destroyed == 0);
    picolog_handler_release(handler);
    CHECK(seen.destroyed == 1);

    if (failures == 0) printf("api_smoke: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
