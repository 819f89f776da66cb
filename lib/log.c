/*
 * Logging to syslog or the console. One formatting path serves both, and a
 * sink hook lets the unit tests read exactly what would have been logged.
 */
#include "log.h"
#include "log_syslog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>

static bool log_console;
static const char *log_ident = ""; /* as openlog() got it */
static int log_facility = LOG_DAEMON;
static bool log_detail;
static log_sink_fn log_sink;
static void *log_sink_arg;

void
log_init(const char *ident, int facility, bool console)
{
	log_console = console;
	log_facility = facility;
	log_ident = ident;
	if (!console)
		openlog(ident, LOG_PID | LOG_NDELAY, facility);
}

void
log_set_ident(const char *ident)
{
	/* openlog() keeps the pointer: ident must be a string that lives on. */
	log_ident = ident;
	if (!log_console)
		openlog(ident, LOG_PID | LOG_NDELAY, log_facility);
}

void
log_set_detail(bool detail)
{
	log_detail = detail;
}

bool
log_get_detail(void)
{
	return log_detail;
}

void
log_set_console(bool console)
{
	log_console = console;
}

void
log_set_sink(log_sink_fn sink, void *arg)
{
	log_sink = sink;
	log_sink_arg = arg;
}

/* Write one finished line to the sink, the console or syslog. */
static void
log_emit(int priority, const char *line)
{
	if (log_sink != NULL) {
		log_sink(priority, line, log_sink_arg);
		return;
	}
	if (log_console) {
		/* keepalived's console format: "Sun Nov 22 01:54:59 2026: msg" */
		char stamp[64];
		time_t t = time(NULL);
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%a %b %e %H:%M:%S %Y", &tm);
		fprintf(stderr, "%s: %s\n", stamp, line);
		fflush(stderr);
		return;
	}
	if (log_syslog_nonblocking_on())
		log_syslog_emit((priority & LOG_FACMASK) ? priority : log_facility | priority,
				log_ident, line);
	else
		syslog(priority, "%s", line);
}

void
log_vmsg(int priority, const char *fmt, va_list ap)
{
	char line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
	log_emit(priority, line);
}

void
log_msg(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(priority, fmt, ap);
	va_end(ap);
}

/* Format fmt and append ": strerror(errno)". */
static void
log_vwarn(int priority, const char *fmt, va_list ap)
{
	int saved = errno;
	char msg[896];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_msg(priority, "%s: %s", msg, strerror(saved));
	errno = saved;
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwarn(LOG_WARNING, fmt, ap);
	va_end(ap);
}

#define LOG_DEFINE(name, prio)             \
	void name(const char *fmt, ...)    \
	{                                  \
		va_list ap;                \
		va_start(ap, fmt);         \
		log_vmsg((prio), fmt, ap); \
		va_end(ap);                \
	}

LOG_DEFINE(log_warnx, LOG_WARNING)
LOG_DEFINE(log_info, LOG_INFO)
LOG_DEFINE(log_notice, LOG_NOTICE)
LOG_DEFINE(log_error, LOG_ERR)

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_detail)
		return;
	va_start(ap, fmt);
	log_vmsg(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwarn(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}

bool
log_ratelimit_ok(struct log_ratelimit *rl, uint64_t now_us)
{
	/* window_start_us holds start + 1 so that 0 means "no window yet",
	 * even for a clock that reads 0. */
	if (rl->window_start_us == 0 || now_us + 1 - rl->window_start_us >= rl->interval_us) {
		rl->window_start_us = now_us + 1;
		rl->in_window = 0;
	}
	if (rl->in_window < rl->burst) {
		rl->in_window++;
		return true;
	}
	rl->suppressed++;
	return false;
}

void
log_ratelimited(struct log_ratelimit *rl, uint64_t now_us, int priority, const char *fmt, ...)
{
	va_list ap;
	uint64_t suppressed = rl->suppressed;
	char msg[896];

	if (!log_ratelimit_ok(rl, now_us))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (suppressed > 0) {
		rl->suppressed = 0;
		log_msg(priority, "%s (%llu similar messages suppressed)", msg,
			(unsigned long long)suppressed);
	} else
		log_msg(priority, "%s", msg);
}

int
log_facility_parse(const char *arg)
{
	static const int local[] = { LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3,
				     LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7 };

	if (arg == NULL)
		return -1;
	if (strncasecmp(arg, "local", 5) == 0)
		arg += 5;
	else if (strcasecmp(arg, "user") == 0)
		return LOG_USER;
	else if (strcasecmp(arg, "daemon") == 0)
		return LOG_DAEMON;
	if (arg[0] >= '0' && arg[0] <= '7' && arg[1] == '\0')
		return local[arg[0] - '0'];
	return -1;
}
