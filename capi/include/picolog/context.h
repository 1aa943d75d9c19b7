/*
 * picolog/context.h - context: key-value fields a thread pushes once and
 * every record it logs carries.
 *
 * Part of the public C API: include <picolog.h>, which includes this file
 * at its place in the manual. It relies on the declarations before it.
 */

#ifndef PICOLOG_CONTEXT_H
#define PICOLOG_CONTEXT_H

#ifndef PICOLOG_H
#error "include <picolog.h>, not <picolog/context.h> directly"
#endif

/* ------------------------------------------------------------------------ */
/* Context                                                                   */
/* ------------------------------------------------------------------------ */

/* Each thread has a stack of context frames. The fields of every frame on
 * the calling thread's stack are added to each record that thread logs,
 * after the record's own fields: a field the record already has keeps the
 * record's value, and a frame pushed later overrides an earlier one. The
 * fields are then like any other record field: %(key)s in a format, a member
 * of the JSON formatter's object, and copied with the record into a queue at
 * the call (the queue's listener sees the caller's context, never its own).
 *
 *     picolog_field ctx[] = {{"request_id", rid}, {"user", user}};
 *     picolog_context_token token;
 *     if (picolog_context_push(ctx, 2, &token) == 0) {
 *         handle_request();              // every record carries both fields
 *         picolog_context_pop(token);
 *     }
 *
 * Bindings build on it: Python's picolog.context() and Rust's
 * picolog::context::scope() push onto the same stack, so C code called from
 * them sees their fields on its records. */

/* Names one pushed frame; 0 is never a valid token. */
typedef uint64_t picolog_context_token;

/* Pushes a frame with `count` fields onto the calling thread's context stack
 * and writes its token to *token. The keys and values (NUL-terminated) are
 * copied: the caller's strings are free when the call returns. count may be
 * 0 (a frame with no fields, still to be popped). PICOLOG_EINVAL for a NULL
 * token, NULL fields with a non-zero count, or a NULL or empty key or a NULL
 * value (nothing is pushed then); PICOLOG_ENOMEM if out of memory. */
PICOLOG_API int picolog_context_push(const picolog_field* fields, size_t count,
                                     picolog_context_token* token);

/* Pops the frame `token` from the calling thread's stack, together with any
 * frame pushed after it and not yet popped. A frame must be popped by the
 * thread that pushed it. PICOLOG_ENOTFOUND if the token is not on the calling
 * thread's stack (already popped, or pushed by another thread); the stack is
 * unchanged then. */
PICOLOG_API int picolog_context_pop(picolog_context_token token);

/* The number of frames on the calling thread's context stack. */
PICOLOG_API size_t picolog_context_depth(void);

#endif /* PICOLOG_CONTEXT_H */
