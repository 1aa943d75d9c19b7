/* Compiled with -std=c99 -pedantic -Werror: the public header is clean C99.
 * Uses every macro so that a broken one fails the build. */
#include <picolog.h>

int picolog_header_c99_check(void);

int picolog_header_c99_check(void) {
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    picolog_file_options file = PICOLOG_FILE_OPTIONS_INIT;
    picolog_queue_options queue = PICOLOG_QUEUE_OPTIONS_INIT;
    picolog_callback_handler_options cb = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    int32_t threshold = PICOLOG_INFO;
    const volatile int32_t* ptr = &threshold;
    (void)info;
    (void)file;
    (void)queue;
    (void)cb;
    return PICOLOG_ENABLED(ptr, PICOLOG_WARNING) && PICOLOG_VERSION_NUMBER > 0 &&
           PICOLOG_NUL_TERMINATED == (size_t)-1;
}
