/* Links an installed libpicolog and checks it is the version it was built
 * against, then logs one record to the file named on the command line. */
#include <picolog.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    picolog_handler *file = NULL;
    picolog_logger *logger = NULL;
    if (argc != 2) return 2;
    if (picolog_version_number() != PICOLOG_VERSION_NUMBER ||
        strcmp(picolog_version(), PICOLOG_VERSION_STRING) != 0) {
        fprintf(stderr, "built against %s, running with %s\n", PICOLOG_VERSION_STRING,
                picolog_version());
        return 1;
    }
    if (picolog_file_handler_new(&file, argv[1], NULL) != 0 ||
        picolog_get_logger(&logger, "consumer") != 0 ||
        picolog_logger_add_handler(logger, file) != 0) {
        fprintf(stderr, "%s\n", picolog_last_error());
        return 1;
    }
    picolog_handler_release(file);
    return picolog_log(logger, PICOLOG_WARNING, "installed picolog works");
}
