/*
 * Syslog that never blocks the caller (for the VRRP process, whose event
 * loop sends the adverts).
 *
 * glibc's syslog() writes to /dev/log with a blocking send(): when the
 * syslog daemon falls behind (journald flushing its files on a busy disk, or
 * a burst of lines from the health checker filling its socket queue, which
 * holds only net.unix.max_dgram_qlen datagrams), the caller waits until it
 * catches up, and a process that logs "Entering MASTER STATE" just before
 * its first advert sends that advert late. Here the datagram (the same bytes
 * glibc sends) goes out with a non-blocking send; when the syslog daemon's
 * queue is full it waits in a bounded queue of this process, sent in order
 * as soon as the socket is writable (an event loop watch) or before the next
 * line; lines that do not fit are counted and reported in one line once the
 * queue has drained.
 */
#ifndef LIB_LOG_SYSLOG_H
#define LIB_LOG_SYSLOG_H

#include <stdbool.h>
#include <stdint.h>

struct ev_loop;

/* Bytes of queued datagrams: about 500 lines of 100 characters. */
#define LOG_SYSLOG_QUEUE_BYTES 65536

/*
 * Send syslog lines without blocking from now on, to path (NULL: /dev/log).
 * loop (may be NULL) gets a watch that sends queued lines when the socket
 * becomes writable; without one they go before the next line or at exit
 * (which waits up to a second for them). Called again, it moves the watch
 * to the new loop.
 */
void log_syslog_nonblocking(struct ev_loop *loop, const char *path);
/*
 * In a child forked from such a process: forget the parent's socket, queue
 * and loop, without sending anything, and go back to blocking syslog().
 */
void log_syslog_detach(void);
bool log_syslog_nonblocking_on(void);

/* One line (for log.c): pri is the facility | the level, as syslog(3) takes it. */
void log_syslog_emit(int pri, const char *ident, const char *line);
/* Send what is queued, waiting up to timeout_ms for the socket; 0 when nothing is left. */
int log_syslog_flush(int timeout_ms);

struct log_syslog_stats {
	uint64_t sent;    /* datagrams the syslog socket took */
	uint64_t queued;  /* lines that had to wait in the queue */
	uint64_t dropped; /* lines lost: the queue was full */
	uint64_t lost;    /* lines lost: no syslog socket to send them to */
	uint32_t waiting; /* lines in the queue now */
};
void log_syslog_stats(struct log_syslog_stats *st);

#endif
