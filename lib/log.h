/*
 * Logging: syslog or console, in the style of OpenBSD daemons.
 *
 * log_warn() appends strerror(errno), log_warnx() does not. log_debug() is
 * only emitted when detail logging (-D) is on. fatal()/fatalx() log and exit;
 * use them only at start-up or when an invariant is broken.
 *
 * Tests may install a sink with log_set_sink() to capture every line.
 */
#ifndef LIB_LOG_H
#define LIB_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#define LOG_PRINTF(a, b) __attribute__((format(printf, a, b)))

typedef void (*log_sink_fn)(int priority, const char *line, void *arg);

/* ident: syslog ident; facility: syslog facility (LOG_DAEMON, LOG_LOCAL0..);
 * console: write to stderr instead of syslog. */
void log_init(const char *ident, int facility, bool console);
/* Change the syslog ident (the program name syslog shows). */
void log_set_ident(const char *ident);
void log_set_detail(bool detail);
bool log_get_detail(void);
void log_set_console(bool console);
/* Replace the output (syslog/console) by a sink; NULL restores it. */
void log_set_sink(log_sink_fn sink, void *arg);

void log_warn(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_warnx(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_info(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_notice(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_debug(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_error(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_msg(int priority, const char *fmt, ...) LOG_PRINTF(2, 3);
void log_vmsg(int priority, const char *fmt, va_list ap) LOG_PRINTF(2, 0);
__attribute__((noreturn)) void fatal(const char *fmt, ...) LOG_PRINTF(1, 2);
__attribute__((noreturn)) void fatalx(const char *fmt, ...) LOG_PRINTF(1, 2);

/*
 * Rate limiting for log lines caused by outside input (bad packets, scripts).
 * A limiter lets `burst` lines through per `interval_us`; the lines it
 * suppressed are counted and reported with the next line that passes.
 */
struct log_ratelimit {
	uint64_t interval_us;
	uint32_t burst;
	uint64_t window_start_us;
	uint32_t in_window;
	uint64_t suppressed;
};
/* clang-format off */
#define LOG_RATELIMIT_INIT(interval_us, burst) { (interval_us), (burst), 0, 0, 0 }
/* clang-format on */

/* Returns true when a line may be logged now; now_us is CLOCK_MONOTONIC. */
bool log_ratelimit_ok(struct log_ratelimit *rl, uint64_t now_us);
void log_ratelimited(struct log_ratelimit *rl, uint64_t now_us, int priority, const char *fmt, ...)
	LOG_PRINTF(4, 5);

/* Map -S argument (0..7, local0..7, user, daemon) to a facility; -1 if bad. */
int log_facility_parse(const char *arg);

#endif
