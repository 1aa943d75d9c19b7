/* config_env.c - a C program that configures nothing itself: PICOLOG_CONFIG
 * and PICOLOG_LEVEL, read when libpicolog loads, decide where its records
 * go. It logs the sample the Python and Rust programs of the cross-language
 * test log too, then (with an argument) checks the file holds the lines
 * given after it. */
#include <picolog.h>
#include <stdio.h>
#include <string.h>

static void log_sample(void) {
    picolog_logger *app = NULL, *db = NULL, *other = NULL;
    if (picolog_get_logger(&app, "app") || picolog_get_logger(&db, "app.db") ||
        picolog_get_logger(&other, "other"))
        return;
    picolog_log(app, PICOLOG_INFO, "one");
    picolog_log(db, PICOLOG_DEBUG, "two");
    picolog_log(app, PICOLOG_WARNING, "three");
    picolog_log(other, PICOLOG_ERROR, "four");
    picolog_log(app, PICOLOG_DEBUG, "five");
}

int main(int argc, char** argv) {
    log_sample();
    if (picolog_flush_all() != 0) return 2;
    if (argc < 2) return 0;
    FILE* f = fopen(argv[1], "r");
    if (f == NULL) {
        fprintf(stderr, "config_env: cannot open %s\n", argv[1]);
        return 1;
    }
    char line[256];
    int i = 2;
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (i >= argc || strcmp(line, argv[i]) != 0) {
            fprintf(stderr, "config_env: line %d is \"%s\", expected \"%s\"\n", i - 1, line,
                    i < argc ? argv[i] : "(end)");
            fclose(f);
            return 1;
        }
        ++i;
    }
    fclose(f);
    if (i != argc) {
        fprintf(stderr, "config_env: %d lines missing\n", argc - i);
        return 1;
    }
    return 0;
}
