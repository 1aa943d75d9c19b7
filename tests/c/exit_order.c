/* exit_order.c - log calls made while the process exits, from an atexit
 * function the program registered before its first use of picolog: they
 * are written, because the library's own exit hook, registered when it was
 * loaded, runs after every such function. A child does the logging (its
 * parent never uses picolog), then the parent checks the file. */
#define _POSIX_C_SOURCE 200809L
#include <picolog.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void log_late(void) {
    picolog_logger* lg = NULL;
    if (picolog_get_logger(&lg, "late") != PICOLOG_OK) _exit(3);
    if (picolog_log(lg, PICOLOG_WARNING, "from an atexit function") != PICOLOG_OK) _exit(4);
}

static int child(const char* path) {
    picolog_file_options fo = PICOLOG_FILE_OPTIONS_INIT;
    picolog_handler* fh = NULL;
    picolog_logger* lg = NULL;
    if (atexit(log_late) != 0) return 2;
    fo.truncate = 1;
    fo.flush_policy = PICOLOG_FLUSH_BUFFERED;
    if (picolog_file_handler_new(&fh, path, &fo) != PICOLOG_OK) return 2;
    if (picolog_get_logger(&lg, "late") != PICOLOG_OK) return 2;
    if (picolog_logger_add_handler(lg, fh) != PICOLOG_OK) return 2;
    picolog_handler_release(fh);
    if (picolog_log(lg, PICOLOG_WARNING, "from main") != PICOLOG_OK) return 2;
    return 0;
}

int main(int argc, char** argv) {
    const char* expected[] = {"from main", "from an atexit function"};
    char line[256];
    size_t n = 0;
    int status = 0;
    FILE* f;
    pid_t pid;
    if (argc != 2) return 2;
    pid = fork();
    if (pid < 0) return 2;
    if (pid == 0) return child(argv[1]);
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "exit_order: the child ended with status %d\n", status);
        return 1;
    }
    f = fopen(argv[1], "r");
    if (f == NULL) return 1;
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (n >= 2 || strcmp(line, expected[n]) != 0) {
            fprintf(stderr, "exit_order: line %zu is \"%s\"\n", n + 1, line);
            fclose(f);
            return 1;
        }
        ++n;
    }
    fclose(f);
    if (n != 2) fprintf(stderr, "exit_order: %zu lines, expected 2\n", n);
    return n == 2 ? 0 : 1;
}
