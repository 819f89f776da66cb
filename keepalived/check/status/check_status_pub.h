/*
 * The files in which the checker process publishes its status for the
 * main process (which serves the control socket and the metrics): their
 * names, and reading them back. No dependency on the checker itself, so
 * the main process's servers link only this.
 */
#ifndef CHECK_STATUS_PUB_H
#define CHECK_STATUS_PUB_H

/* In the directory of the checker pid file. */
#define CHECK_STATUS_JSON "keepalived_check.json"
#define CHECK_STATUS_PROM "keepalived_check.prom"
#define CHECK_STATUS_TEXT "keepalived_check.status"

/*
 * The published file name from dir into a malloc'd string (NULL if there
 * is none: no checker, or not yet written). For the main process.
 */
char *check_status_read(const char *dir, const char *name);

/*
 * The main process's side: where the checker publishes (the directory of
 * the checker pid file), set once at start; then the published rows, or
 * NULL (malloc'd).
 */
void check_status_set_dir(const char *checkers_pid_path);
char *check_status_published(const char *name);

#endif
