// yaml-parse-floor: parses a YAML file with libyaml's event parser and does nothing else.
//
// Usage: yaml-parse-floor FILE [REPEAT]
// Prints the number of events so that the work cannot be optimised away. REPEAT (default 1) parses
// the file that many times in one process. Exits 1 on a parse error.
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static long parse_once(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        perror(path);
        exit(1);
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "%s: cannot initialise libyaml\n", path);
        exit(1);
    }
    yaml_parser_set_input_file(&parser, file);
    long events = 0;
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "%s:%zu:%zu: error: %s\n", path, parser.problem_mark.line + 1,
                    parser.problem_mark.column + 1, parser.problem ? parser.problem : "parse error");
            exit(1);
        }
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        events++;
        if (done) break;
    }
    yaml_parser_delete(&parser);
    fclose(file);
    return events;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s FILE [REPEAT]\n", argv[0]);
        return 2;
    }
    int repeat = argc == 3 ? atoi(argv[2]) : 1;
    long events = 0;
    for (int i = 0; i < repeat; i++) events = parse_once(argv[1]);
    printf("%ld events\n", events);
    return 0;
}
