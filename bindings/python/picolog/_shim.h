/* _shim.h - what the binding's own C shim (_shim.c) gives Python, and the
 * callbacks Python defines for it (extern "Python", see _callbacks.py). */

/* What an emit or filter callback answers for a KeyboardInterrupt to raise
 * again once the thread is back in Python (_callbacks.escape). */
#define PYL_INTERRUPT ...

extern "Python" int _pyl_emit(const picolog_record *, const char *, size_t, void *);
extern "Python" int _pyl_flush(void *);
extern "Python" void _pyl_destroy(void *);
extern "Python" int _pyl_filter(const picolog_record *, void *);
extern "Python" void _pyl_level_changed(void *);

int pyl_log(picolog_logger *logger, int level, const char *message, size_t length,
            const char *file, int line, const char *func, const char *thread_name,
            uint64_t thread_id);
int pyl_log_holding_gil(picolog_logger *logger, int level, const char *message, size_t length,
                        const char *file, int line, const char *func, const char *thread_name,
                        uint64_t thread_id);
int pyl_log_full(picolog_logger *logger, int level, const char *message, size_t length,
                 const char *file, int line, const char *func, const char *thread_name,
                 uint64_t thread_id, const char *exc_text, const char *stack_text,
                 const char *fields, size_t field_count, int64_t created_ns);
int pyl_log_fields_holding_gil(picolog_logger *logger, int level, const char *message, size_t length,
                               const char *file, int line, const char *func,
                               const char *thread_name, uint64_t thread_id, const char *fields,
                               size_t field_count);
int pyl_callback_handler_new(picolog_handler **out, void *userdata);
int pyl_callback_filter_new(picolog_filter **out, void *userdata);
int pyl_add_level_listener(void *userdata);
int pyl_remove_level_listener(void *userdata);
void pyl_detach_python(void);
int pyl_python_detached(void);

/* Rotating file handlers: the namer, rotator and clock hooks call back into
 * Python only for the hooks a handler has set. */
extern "Python" int _pyl_rotation_namer(const char *, char *, size_t, void *);
extern "Python" int _pyl_rotation_rotator(const char *, const char *, void *);
extern "Python" int64_t _pyl_rotation_now(void *);
void pyl_rotation_hooks_init(picolog_rotation_hooks *hooks, void *userdata, int namer, int rotator,
                             int clock);
