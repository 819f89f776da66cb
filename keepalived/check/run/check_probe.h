/*
 * Health-check probes of the LVS checker: one attempt of one checker
 * (TCP_CHECK, HTTP_GET, SSL_GET, MISC_CHECK, DNS_CHECK, SMTP_CHECK,
 * UDP_CHECK, PING_CHECK, FILE_CHECK) against one real server, run on the
 * checker's event loop (lib/event.h) without ever blocking it.
 *
 * The split with the run layer (keepalived/check/run/, lvs-core): a probe
 * makes one attempt and reports up or down with the sentence keepalived
 * 2.2.7 would log about it. Retries (retry, delay_before_retry), the
 * delay_loop schedule, warmup, alpha and the real server's up/down
 * transitions are the caller's; the timing values it needs are parsed here
 * and kept in struct check_probe_conf.
 *
 * The configuration side (keepalived/check/conf/check_conf_probe.c) reads
 * the checker blocks inside a real_server into a list of check_probe_conf.
 *
 * What one attempt is, per kind (keepalived 2.2.7 unless said):
 *  - TCP_CHECK: a connection is made (then closed).
 *  - HTTP_GET / SSL_GET: every url in turn, each on its own connection
 *    with its own connect timeout, GET, status in status_code (default
 *    200-299) and MD5 of the body equal to digest. keepalived checks one
 *    url per delay_loop instead; here the attempt is up when all are (or
 *    one url only: check_target.http_one_url, for a recovering server). The
 *    peer's certificate is not verified (keepalived never asks OpenSSL to).
 *  - SMTP_CHECK: banner 220, "HELO helo_name" 250, "QUIT" answered.
 *  - DNS_CHECK: one query; an answer with rcode 0 (same id) is up.
 *  - UDP_CHECK: the payload is sent; an ICMP error is down; a reply is
 *    checked against require_reply; silence until the timeout is up unless
 *    require_reply.
 *  - PING_CHECK: one ICMP/ICMPv6 echo (a ping socket, else a raw one).
 *  - MISC_CHECK: the program's exit: 0 up, 2-255 up with weight code - 2
 *    under misc_dynamic, anything else (or a signal) down; killed (its
 *    process group) at misc_timeout, default the delay_loop: "timed out".
 *  - FILE_CHECK: the track_file's number is read at each attempt (keepalived
 *    watches it with inotify): weight 0: up while it is 0; otherwise
 *    value * weight (negated with reverse) <= -254 is down, and with dynamic
 *    the outcome's weight is the real server's weight plus that product.
 * The process must ignore SIGPIPE (the daemon does): OpenSSL writes with
 * write(2).
 */
#ifndef CHECK_PROBE_H
#define CHECK_PROBE_H

#include "keepalived/check/conf/check_probe_conf.h"
#include "keepalived/check/proto/check_outcome.h"

struct ev_loop;
struct vrrp_exec_defaults;
struct check_probe;

/* Run-time set-up ---------------------------------------------------------------------------- */

/*
 * Once per checker process (and again after a reload): build the TLS
 * context SSL_GET uses from ssl (!given: keepalived's default, no
 * verification of the server, no client certificate; NULL: none, as
 * without an SSL_GET). Logs and returns -1
 * when a file cannot be loaded ("SSL error: ..."); SSL_GET probes then fail.
 * Returns 0 otherwise.
 */
int check_probe_init(const struct check_ssl_conf *ssl);
/* Frees what check_probe_init() made. Probes must have ended or been cancelled. */
void check_probe_fini(void);

/*
 * Once per MISC_CHECK after loading: find misc_path and check it with the
 * script rules of vrrp_exec (user, enable_script_security), as keepalived
 * does. Returns 0 if usable, -1 if keepalived would drop the checker (the
 * reason was logged). No-op returning 0 for the other kinds.
 */
int check_probe_prepare(struct check_probe_conf *c, struct vrrp_exec_defaults *d);

/* One attempt --------------------------------------------------------------------------------- */

/* The real server a probe checks: the defaults for connect_ip / connect_port. */
struct check_target {
	struct check_addr addr;
	uint16_t port;               /* host order */
	const char *vs_text;         /* "[198.18.0.100]:tcp:80" for MISC/PING lines; may be NULL */
	uint64_t default_timeout_us; /* the real/virtual server's connect_timeout; 0 = 5 s */
	uint64_t delay_loop_us;  /* the checker's effective delay_loop (MISC's default timeout) */
	const char *virtualhost; /* the real or virtual server's virtualhost; NULL: none */
	const char *protocol;    /* the virtual server's: "tcp" (NULL), "udp", "sctp"; keepalived
				 * names every checker's address with it */
	int rs_weight;           /* the real server's configured weight (FILE_CHECK) */
	unsigned http_one_url;   /* HTTP/SSL: 0 every url; n: only url n - 1 (the caller paces a
				  * recovering server's urls, one per delay_loop, unless
				  * fast_recovery) */
};

/* Called once with the outcome; the probe is already finished and freed. */
typedef void (*check_probe_done)(void *arg, const struct check_outcome *o);

/*
 * Start one attempt of c against t on loop. Never blocks: sockets are
 * non-blocking, MISC_CHECK runs through vrrp_exec, name resolution is never
 * done. done is called exactly once, from a later loop callback (never from
 * inside this call), unless check_probe_cancel() is called first. The
 * attempt ends at the latest after its connect timeout (MISC: misc_timeout),
 * a down outcome with keepalived's timeout sentence. c and t must stay valid
 * until done is called or the probe is cancelled.
 * Returns the probe, or NULL with errno set (ENOMEM, EINVAL for CHECK_BFD
 * or a bad conf); done is then never called.
 */
struct check_probe *check_probe_start(struct ev_loop *loop, const struct check_probe_conf *c,
				      const struct check_target *t, check_probe_done done,
				      void *arg);

/*
 * Stop p: its sockets are closed, a MISC_CHECK program's process group
 * killed, done is not called, p is freed. Safe from inside any loop
 * callback (also another probe's done). Not for a probe whose done has
 * run: p no longer exists then.
 */
void check_probe_cancel(struct check_probe *p);

/*
 * The line keepalived logs when the checker brings the real server down
 * after nretries retries (check_rs_retries_told(): 0 before the checker
 * counts as having run, as keepalived 2.2.7 counts), into buf:
 *   "TCP_CHECK on service [198.18.1.10]:tcp:80 failed after 1 retries."
 *   "HTTP_CHECK on service [...]:tcp:80 failed."  (retry 0 or first run)
 *   "Misc check for [[...]:tcp:80 VS [...]:tcp:80] by [/usr/bin/chk] failed after 1 retry
 *    (exited with status 1)."  (keepalived's singular; "timed out after 2 retries.")
 *   "SMTP_CHECK Bad greeting banner from server [198.18.1.10]:25"  (SMTP: the attempt's line)
 *   "DNS_CHECK ([...]:udp:53) read timeout from socket after 3 retries"
 * o is the last attempt's outcome. Returns buf.
 */
char *check_probe_fmt_down(char *buf, size_t size, const struct check_probe_conf *c,
			   const struct check_target *t, const struct check_outcome *o,
			   unsigned nretries);
/*
 * The line keepalived adds when the checker brings the server up, after
 * o->reason: "Remote Web server [...]:tcp:80 succeed on service." for
 * HTTP/SSL, "Remote SMTP server ... succeed on service." for SMTP; empty
 * for the others (their reason is that line). Returns buf.
 */
char *check_probe_fmt_up(char *buf, size_t size, const struct check_probe_conf *c,
			 const struct check_target *t);

/* Format "[addr]:tcp:port" / "[addr]:udp:port" as keepalived does; returns buf. */
char *check_probe_fmt_addr(char *buf, size_t size, const struct check_addr *a, uint16_t port,
			   bool udp);

#endif
