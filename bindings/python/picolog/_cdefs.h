/* _cdefs.h - the declarations of capi/include/picolog.h that cffi parses.
 *
 * Kept by hand in step with picolog.h (tests/test_cdef_drift.py fails when a
 * picolog_* function there is missing here). cffi checks every declaration
 * against the real header when the extension is compiled, and "..." lets it
 * take the constants' values from the header itself. */

/* Version */
#define PICOLOG_VERSION_NUMBER ...
#define PICOLOG_ABI_VERSION ...
const char *picolog_version(void);
unsigned picolog_version_number(void);
const void *picolog_runtime_id(void);

/* Errors */
#define PICOLOG_OK ...
#define PICOLOG_EINVAL ...
#define PICOLOG_ENOMEM ...
#define PICOLOG_EFORMAT ...
#define PICOLOG_EIO ...
#define PICOLOG_ETIMEDOUT ...
#define PICOLOG_EDROPPED ...
#define PICOLOG_ERANGE ...
#define PICOLOG_ESTATE ...
#define PICOLOG_ENOTFOUND ...
#define PICOLOG_EINTERNAL ...
const char *picolog_last_error(void);
const char *picolog_strerror(int code);
typedef void (*picolog_error_hook_fn)(const char *message, void *userdata);
int picolog_set_error_hook(picolog_error_hook_fn fn, void *userdata);

/* Levels */
#define PICOLOG_NOTSET ...
#define PICOLOG_TRACE ...
#define PICOLOG_DEBUG ...
#define PICOLOG_INFO ...
#define PICOLOG_WARNING ...
#define PICOLOG_ERROR ...
#define PICOLOG_CRITICAL ...
int picolog_add_level_name(int level, const char *name);
const char *picolog_level_name(int level);
int picolog_level_from_name(const char *name, int *out_level);

/* Opaque types */
typedef struct picolog_logger picolog_logger;
typedef struct picolog_handler picolog_handler;
typedef struct picolog_formatter picolog_formatter;
typedef struct picolog_filter picolog_filter;
typedef struct picolog_record picolog_record;

/* Loggers */
int picolog_get_logger(picolog_logger **out, const char *name);
int picolog_get_logger_len(picolog_logger **out, const char *name, size_t len);
int picolog_logger_new_standalone(picolog_logger **out, const char *name);
picolog_logger *picolog_root_logger(void);
const char *picolog_logger_name(const picolog_logger *logger);
picolog_logger *picolog_logger_parent(const picolog_logger *logger);
int picolog_logger_set_level(picolog_logger *logger, int level);
int picolog_logger_level(const picolog_logger *logger);
int picolog_logger_effective_level(const picolog_logger *logger);
int picolog_logger_is_enabled_for(const picolog_logger *logger, int level);
const volatile int32_t *picolog_logger_threshold_ptr(const picolog_logger *logger);
int picolog_logger_reaches_callbacks(picolog_logger *logger);
int picolog_logger_set_propagate(picolog_logger *logger, int propagate);
int picolog_logger_propagate(const picolog_logger *logger);
int picolog_logger_set_disabled(picolog_logger *logger, int disabled);
int picolog_logger_disabled(const picolog_logger *logger);
int picolog_logger_add_handler(picolog_logger *logger, picolog_handler *handler);
int picolog_logger_remove_handler(picolog_logger *logger, picolog_handler *handler);
int picolog_logger_clear_handlers(picolog_logger *logger);
int picolog_logger_handlers(const picolog_logger *logger, picolog_handler **out,
                            size_t capacity);
int picolog_logger_has_handlers(const picolog_logger *logger);
int picolog_logger_add_filter(picolog_logger *logger, picolog_filter *filter);
int picolog_logger_remove_filter(picolog_logger *logger, picolog_filter *filter);
int picolog_disable(int level);
int picolog_min_threshold(void);
typedef void (*picolog_level_listener_fn)(void *userdata);
int picolog_add_level_listener(picolog_level_listener_fn fn, void *userdata);
int picolog_remove_level_listener(picolog_level_listener_fn fn, void *userdata);

/* Logging */
typedef struct picolog_field {
    const char *key;
    const char *value;
} picolog_field;

typedef struct picolog_record_info {
    unsigned version;
    const char *file;
    int line;
    const char *func;
    const char *exc_text;
    const char *stack_text;
    const picolog_field *fields;
    size_t field_count;
    const char *thread_name;
    uint64_t thread_id;
    int64_t created_ns;
} picolog_record_info;

#define PICOLOG_RECORD_INFO_VERSION ...

int picolog_log(picolog_logger *logger, int level, const char *message);
int picolog_log_len(picolog_logger *logger, int level, const char *message, size_t length);
int picolog_log_ex(picolog_logger *logger, int level, const char *message, size_t length,
                   const picolog_record_info *info);
#define PICOLOG_EAGAIN ...
int picolog_try_log_ex(picolog_logger *logger, int level, const char *message, size_t length,
                       const picolog_record_info *info);
int picolog_logf(picolog_logger *logger, int level, const char *format, ...);

/* Records */
typedef struct picolog_record_view {
    int level;
    const char *level_name;
    const char *logger_name;
    const char *message;
    size_t message_len;
    int64_t created_ns;
    uint64_t thread_id;
    const char *thread_name;
    int64_t process_id;
    const char *file;
    int line;
    const char *func;
    const char *exc_text;
    const char *stack_text;
    const picolog_field *fields;
    size_t field_count;
} picolog_record_view;

int picolog_record_get(const picolog_record *record, picolog_record_view *out, size_t out_size);

/* Formatters */
#define PICOLOG_STYLE_PERCENT ...
#define PICOLOG_STYLE_BRACE ...
int picolog_formatter_new(picolog_formatter **out, const char *fmt, const char *datefmt,
                          int style);
int picolog_json_formatter_new(picolog_formatter **out);
void picolog_formatter_release(picolog_formatter *formatter);
int picolog_formatter_format(const picolog_formatter *formatter, const picolog_record *record,
                             char *buf, size_t capacity, size_t *written);

/* Filters */
int picolog_name_filter_new(picolog_filter **out, const char *name);
int picolog_level_filter_new(picolog_filter **out, int min_level, int max_level);
typedef int (*picolog_filter_fn)(const picolog_record *record, void *userdata);
typedef void (*picolog_destroy_fn)(void *userdata);
int picolog_callback_filter_new(picolog_filter **out, picolog_filter_fn fn,
                                picolog_destroy_fn destroy, void *userdata);
void picolog_filter_release(picolog_filter *filter);

/* Handlers */
void picolog_handler_retain(picolog_handler *handler);
void picolog_handler_release(picolog_handler *handler);
int picolog_handler_set_level(picolog_handler *handler, int level);
int picolog_handler_level(const picolog_handler *handler);
int picolog_handler_set_formatter(picolog_handler *handler, picolog_formatter *formatter);
int picolog_handler_add_filter(picolog_handler *handler, picolog_filter *filter);
int picolog_handler_remove_filter(picolog_handler *handler, picolog_filter *filter);
int picolog_handler_flush(picolog_handler *handler);
int picolog_handler_close(picolog_handler *handler);
int picolog_handler_handle(picolog_handler *handler, const picolog_record *record);

#define PICOLOG_STDOUT ...
#define PICOLOG_STDERR ...
int picolog_stream_handler_new(picolog_handler **out, int fd);

#define PICOLOG_FLUSH_EVERY_RECORD ...
#define PICOLOG_FLUSH_BUFFERED ...
typedef struct picolog_file_options {
    unsigned version;
    int truncate;
    unsigned mode;
    int delay;
    int flush_policy;
    int flush_level;
    uint32_t flush_interval_ms;
    size_t buffer_size;
} picolog_file_options;
#define PICOLOG_FILE_OPTIONS_VERSION ...
int picolog_file_handler_new(picolog_handler **out, const char *path,
                             const picolog_file_options *options);
int picolog_null_handler_new(picolog_handler **out);

typedef int (*picolog_emit_fn)(const picolog_record *record, const char *line, size_t line_len,
                               void *userdata);
typedef int (*picolog_flush_fn)(void *userdata);
typedef struct picolog_callback_handler_options {
    unsigned version;
    picolog_emit_fn emit;
    picolog_flush_fn flush;
    picolog_destroy_fn destroy;
    void *userdata;
} picolog_callback_handler_options;
#define PICOLOG_CALLBACK_REPORTED ...
#define PICOLOG_CALLBACK_HANDLER_OPTIONS_VERSION ...
int picolog_callback_handler_new(picolog_handler **out,
                                 const picolog_callback_handler_options *options);
int picolog_handler_failures(const picolog_handler *handler, uint64_t *out);

/* Queue handlers */
#define PICOLOG_OVERFLOW_BLOCK ...
#define PICOLOG_OVERFLOW_BLOCK_TIMEOUT ...
#define PICOLOG_OVERFLOW_DROP_NEWEST ...
#define PICOLOG_OVERFLOW_DROP_OLDEST ...
typedef struct picolog_queue_options {
    unsigned version;
    size_t capacity;
    size_t max_bytes;
    int overflow;
    uint32_t timeout_ms;
    int respect_handler_level;
} picolog_queue_options;
#define PICOLOG_QUEUE_OPTIONS_VERSION ...
int picolog_queue_handler_new(picolog_handler **out, const picolog_queue_options *options,
                              picolog_handler *const *handlers, size_t count);
typedef struct picolog_queue_stats {
    uint64_t enqueued;
    uint64_t dropped_newest;
    uint64_t dropped_oldest;
    uint64_t dropped_timeout;
    uint64_t dropped_closed;
    uint64_t emitted;
    uint64_t failed;
    uint64_t high_water;
    uint64_t queued;
    uint64_t capacity;
} picolog_queue_stats;
int picolog_queue_handler_stats(const picolog_handler *handler, picolog_queue_stats *out,
                                size_t out_size);
int picolog_handler_is_queue(const picolog_handler *handler);

/* Process life */
int picolog_flush_all(void);
int picolog_shutdown(void);
int picolog_set_thread_name(const char *name);

/* Context (picolog/context.h) */
typedef uint64_t picolog_context_token;
int picolog_context_push(const picolog_field *fields, size_t count, picolog_context_token *token);
int picolog_context_pop(picolog_context_token token);
size_t picolog_context_depth(void);

/* Configuration: directives, files, reload (picolog/config.h) */
int picolog_apply_directives(const char *text);
#define PICOLOG_CONFIG_AUTO ...
#define PICOLOG_CONFIG_JSON ...
#define PICOLOG_CONFIG_TOML ...
int picolog_configure(const char *text, size_t length, int format);
int picolog_configure_file(const char *path);
int picolog_reload(void);
int picolog_reload_on_sighup(int enable);

/* Syslog (picolog/syslog.h) */
#define PICOLOG_SYSLOG_UNIX ...
#define PICOLOG_SYSLOG_UDP ...
#define PICOLOG_SYSLOG_TCP ...
#define PICOLOG_SYSLOG_TLS ...
#define PICOLOG_SYSLOG_RFC5424 ...
#define PICOLOG_SYSLOG_RFC3164 ...
#define PICOLOG_SYSLOG_BARE ...
#define PICOLOG_SYSLOG_FRAMING_OCTET ...
#define PICOLOG_SYSLOG_FRAMING_LF ...
#define PICOLOG_SYSLOG_FRAMING_NONE ...
typedef struct picolog_syslog_severity {
    int level;
    int severity;
} picolog_syslog_severity;
typedef struct picolog_syslog_options {
    unsigned version;
    int transport;
    const char *address;
    uint16_t port;
    int format;
    int framing;
    int facility;
    const char *hostname;
    const char *app_name;
    const char *msgid;
    const char *ident;
    const char *sd_id;
    int append_nul;
    const picolog_syslog_severity *severities;
    size_t severity_count;
    int default_severity;
    size_t max_datagram;
    size_t hold;
    uint32_t backoff_initial_ms;
    uint32_t backoff_max_ms;
    uint32_t connect_timeout_ms;
    uint32_t send_timeout_ms;
    const char *tls_ca_file;
    const char *tls_cert_file;
    const char *tls_key_file;
    int tls_verify;
    picolog_queue_options queue;
    size_t max_message;
} picolog_syslog_options;
#define PICOLOG_SYSLOG_OPTIONS_VERSION ...
int picolog_syslog_handler_new(picolog_handler **out, const picolog_syslog_options *options);
typedef struct picolog_syslog_stats {
    uint64_t enqueued;
    uint64_t sent;
    uint64_t dropped_queue_full;
    uint64_t dropped_unreachable;
    uint64_t dropped_closed;
    uint64_t dropped_failed;
    uint64_t truncated;
    uint64_t reconnects;
    uint64_t connect_failures;
    uint64_t reports;
    uint64_t held;
    uint64_t queued;
} picolog_syslog_stats;
int picolog_syslog_handler_stats(const picolog_handler *handler, picolog_syslog_stats *out,
                                 size_t out_size);

/* journald (picolog/journald.h) */
typedef struct picolog_journald_options {
    unsigned version;
    const char *socket_path;
    const char *identifier;
    int facility;
    const picolog_syslog_severity *severities;
    size_t severity_count;
    int default_severity;
    picolog_queue_options queue;
} picolog_journald_options;
#define PICOLOG_JOURNALD_OPTIONS_VERSION ...
int picolog_journald_handler_new(picolog_handler **out, const picolog_journald_options *options);
typedef struct picolog_journald_stats {
    uint64_t enqueued;
    uint64_t sent;
    uint64_t sent_memfd;
    uint64_t dropped_queue_full;
    uint64_t dropped_unreachable;
    uint64_t dropped_failed;
    uint64_t dropped_closed;
    uint64_t queued;
} picolog_journald_stats;
int picolog_journald_handler_stats(const picolog_handler *handler, picolog_journald_stats *out,
                                   size_t out_size);

/* Rotating file handlers */
typedef int64_t (*picolog_clock_fn)(void *userdata);
typedef int (*picolog_rotation_namer_fn)(const char *default_name, char *out, size_t out_size,
                                         void *userdata);
typedef int (*picolog_rotation_rotator_fn)(const char *source, const char *dest, void *userdata);
typedef struct picolog_rotation_hooks {
    unsigned version;
    picolog_clock_fn now_ns;
    picolog_rotation_namer_fn namer;
    picolog_rotation_rotator_fn rotator;
    picolog_destroy_fn destroy;
    void *userdata;
} picolog_rotation_hooks;
#define PICOLOG_ROTATION_HOOKS_VERSION 1
typedef struct picolog_rotating_file_options {
    unsigned version;
    uint64_t max_bytes;
    unsigned backup_count;
    unsigned max_age_days;
    int multiprocess;
    int compress;
} picolog_rotating_file_options;
#define PICOLOG_ROTATING_FILE_OPTIONS_VERSION 2
int picolog_rotating_file_handler_new(picolog_handler **out, const char *path,
                                      const picolog_rotating_file_options *rotation,
                                      const picolog_file_options *file_options,
                                      const picolog_rotation_hooks *hooks);
#define PICOLOG_ROTATE_SECONDS 0
#define PICOLOG_ROTATE_MINUTES 1
#define PICOLOG_ROTATE_HOURS 2
#define PICOLOG_ROTATE_DAYS 3
#define PICOLOG_ROTATE_MIDNIGHT 4
#define PICOLOG_ROTATE_WEEKDAY 5
typedef struct picolog_timed_rotating_file_options {
    unsigned version;
    int when;
    int weekday;
    unsigned interval;
    unsigned backup_count;
    int utc;
    int at_time_seconds;
    int compress;
    unsigned max_age_days;
    int multiprocess;
} picolog_timed_rotating_file_options;
#define PICOLOG_TIMED_ROTATING_FILE_OPTIONS_VERSION 2
int picolog_timed_rotating_file_handler_new(picolog_handler **out, const char *path,
                                            const picolog_timed_rotating_file_options *rotation,
                                            const picolog_file_options *file_options,
                                            const picolog_rotation_hooks *hooks);
typedef struct picolog_rotation_stats {
    uint64_t rotations;
    uint64_t rotation_failures;
    int64_t rollover_at;
} picolog_rotation_stats;
int picolog_rotation_stats_get(const picolog_handler *handler, picolog_rotation_stats *out,
                               size_t out_size);
int picolog_rotation_compute_rollover(const picolog_handler *handler, int64_t current_time,
                                      int64_t *out);
int picolog_rotation_rollover_now(picolog_handler *handler);
int picolog_watched_file_handler_new(picolog_handler **out, const char *path,
                                     const picolog_file_options *options);
void picolog_reopen_files(void);

/* Versioned structs: the defaults of one version, written by the library */
int picolog_record_info_init(picolog_record_info *info, unsigned version);
int picolog_file_options_init(picolog_file_options *opts, unsigned version);
int picolog_callback_handler_options_init(picolog_callback_handler_options *opts, unsigned version);
int picolog_queue_options_init(picolog_queue_options *opts, unsigned version);

/* Signals */
#define PICOLOG_EBUSY ...
int picolog_install_crash_handler(void);

/* memory.h: memory and backtrace handlers */
typedef struct picolog_memory_options {
    unsigned version;
    size_t capacity;
    int flush_level;
    int flush_on_close;
} picolog_memory_options;
#define PICOLOG_MEMORY_OPTIONS_VERSION 1
int picolog_memory_handler_new(picolog_handler **out, const picolog_memory_options *options,
                               picolog_handler *target);
typedef struct picolog_backtrace_options {
    unsigned version;
    size_t capacity;
    int store_below;
    int trigger;
    const char *prefix;
} picolog_backtrace_options;
#define PICOLOG_BACKTRACE_OPTIONS_VERSION 1
int picolog_backtrace_handler_new(picolog_handler **out, const picolog_backtrace_options *options,
                                  picolog_handler *target);
int picolog_memory_handler_set_target(picolog_handler *handler, picolog_handler *target);
int picolog_memory_handler_set_options(picolog_handler *handler,
                                       const picolog_memory_options *options);
int picolog_memory_handler_buffered(picolog_handler *handler, size_t *out);

/* Option defaults of the shipping and buffering handlers (syslog.h,
 * journald.h, memory.h), written by the library */
int picolog_syslog_options_init(picolog_syslog_options *opts, unsigned version);
int picolog_journald_options_init(picolog_journald_options *opts, unsigned version);
int picolog_memory_options_init(picolog_memory_options *opts, unsigned version);
int picolog_backtrace_options_init(picolog_backtrace_options *opts, unsigned version);

/* last_resort.h: the handler for records no handler took */
int picolog_set_last_resort(picolog_handler *handler);
int picolog_reset_last_resort(void);

/* printf-style logging (picolog/logf.h). picolog_vlogf is left out: cffi has
 * no va_list type, and Python formats its own messages anyway. */
int picolog_logf_at(picolog_logger *logger, int level, const char *file, int line, const char *func,
                    const char *format, ...);

/* Rotating handlers' option structs: the defaults of one version */
int picolog_rotation_hooks_init(picolog_rotation_hooks *opts, unsigned version);
int picolog_rotating_file_options_init(picolog_rotating_file_options *opts, unsigned version);
int picolog_timed_rotating_file_options_init(picolog_timed_rotating_file_options *opts,
                                             unsigned version);
