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
 *    url per delay_loop instead; here the attempt is up when all are. The
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

#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "lib/conf_reader.h"

struct ev_loop;
struct vrrp_exec_defaults;
struct check_probe;

enum check_probe_kind {
	CHECK_TCP,
	CHECK_HTTP,
	CHECK_SSL,
	CHECK_MISC,
	CHECK_DNS,
	CHECK_SMTP,
	CHECK_UDP,
	CHECK_PING,
	CHECK_FILE,
	CHECK_BFD, /* parsed (keepalived accepts it), never started: check_probe_start() fails */
};

/* "TCP_CHECK", "HTTP_GET", ... as in keepalived.conf. */
const char *check_probe_kind_name(enum check_probe_kind kind);

/* An address with its family (AF_INET or AF_INET6; 0 = not set). */
struct check_addr {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} u;
};

/* Configuration of each kind --------------------------------------------------------------- */

#define CHECK_PATH_MAX 1024
#define CHECK_HOST_MAX 256
#define CHECK_STATUS_RANGES_MAX 16

/* status_code 200-299 404: inclusive ranges; n == 0 means keepalived's default 200-299. */
struct check_status_ranges {
	uint16_t r[CHECK_STATUS_RANGES_MAX][2]; /* lo, hi */
	unsigned n;
};

/* One url { } block of HTTP_GET / SSL_GET. */
struct check_http_url {
	char path[CHECK_PATH_MAX];
	bool have_digest;
	uint8_t digest[16]; /* MD5 of the body */
	struct check_status_ranges status;
	char virtualhost[CHECK_HOST_MAX]; /* empty: the checker's */
};

enum check_http_protocol {
	CHECK_HTTP_1_0 = 0, /* keepalived's default: "GET / HTTP/1.0", no Connection header */
	CHECK_HTTP_1_0C,    /* HTTP/1.0 with "Connection: close" */
	CHECK_HTTP_1_1,     /* HTTP/1.1 with "Connection: close" */
};

struct check_http_conf {
	struct check_http_url *urls; /* malloc'd, n_urls entries; each is checked in turn */
	unsigned n_urls;
	char virtualhost[CHECK_HOST_MAX]; /* Host: header; empty = the address */
	enum check_http_protocol protocol;
	bool enable_sni; /* SSL_GET: send virtualhost (or the url's) as SNI */
	bool fast_recovery;
};

struct vrrp_cmd;
struct vrrp_exec;

struct check_misc_conf {
	struct vrrp_cmd *cmd;   /* misc_path split into words, with user/group (malloc'd) */
	uint64_t timeout_us;    /* misc_timeout; 0 = the checker's delay_loop, as keepalived */
	bool dynamic;           /* misc_dynamic: exit 2..255 means up with weight code-2 */
	struct vrrp_exec *exec; /* set by check_probe_prepare(): the checked program */
	/* Set by check_probe_prepare(): the program as keepalived names it in its lines, its
	 * folder's links resolved but not its own (/bin/sh is "/usr/bin/sh"); malloc'd. */
	char *shown_path;
};

struct check_dns_conf {
	uint16_t qtype;            /* default SOA (6), as keepalived */
	char name[CHECK_HOST_MAX]; /* default "." */
};

struct check_smtp_conf {
	char helo_name[CHECK_HOST_MAX]; /* default the host name */
};

#define CHECK_UDP_PAYLOAD_MAX 1472
struct check_udp_conf {
	uint8_t payload[CHECK_UDP_PAYLOAD_MAX];
	size_t payload_len;
	bool payload_given; /* false: keepalived sends random bytes */
	bool require_reply; /* a reply must come (and match reply[] if reply_len) */
	uint8_t reply[CHECK_UDP_PAYLOAD_MAX];
	uint8_t reply_mask[CHECK_UDP_PAYLOAD_MAX]; /* bits set: not compared (an X digit) */
	size_t reply_len;
	size_t min_reply_length, max_reply_length; /* default 0 and 255, as keepalived */
};

struct check_file_conf {
	char name[CHECK_HOST_MAX]; /* track_file NAME: a global track_file block */
	char path[PATH_MAX];       /* its file, filled by the caller before starting */
	int weight;                /* FILE_CHECK weight (default 1); see check_probe.c */
	bool reverse;
	bool weight_given; /* false: keepalived takes the track_file block's weight and reverse */
	bool dynamic;      /* the value also moves the real server's weight */
};

/* One checker block of a real_server. */
struct check_probe_conf {
	enum check_probe_kind kind;

	/* Where to connect: unset fields default from struct check_target. */
	struct check_addr connect_ip;
	uint16_t connect_port; /* 0: the real server's port */
	struct check_addr bindto;
	uint16_t bind_port;          /* 0: any */
	char bind_if[IFNAMSIZ];      /* SO_BINDTODEVICE; also scope of a link-local address */
	uint32_t fwmark;             /* SO_MARK; 0 none */
	uint64_t connect_timeout_us; /* hard timeout of one attempt; 0 = the VS's (5 s default) */

	/*
	 * For the run layer, with keepalived's per-kind defaults filled in when
	 * the block closes unless given: retry 1 (MISC_CHECK 0, DNS_CHECK 3),
	 * delay_before_retry 1 s (HTTP_GET/SSL_GET 3 s, DNS_CHECK 0 = the
	 * delay_loop). *_given says the block set it (a real_server or
	 * virtual_server value only replaces a default).
	 */
	unsigned retry;
	bool retry_given;
	uint64_t delay_before_retry_us;
	bool delay_before_retry_given;
	uint64_t delay_loop_us; /* 0: the virtual server's */
	uint64_t warmup_us;     /* 0: not given (keepalived: delay_loop) */
	bool warmup_given;
	bool alpha, alpha_given;
	bool log_all_failures, log_all_failures_given;

	union {
		struct check_http_conf http; /* CHECK_HTTP, CHECK_SSL */
		struct check_misc_conf misc;
		struct check_dns_conf dns;
		struct check_smtp_conf smtp;
		struct check_udp_conf udp;
		struct check_file_conf file;
	} u;

	char file[256]; /* where the block began, for messages */
	int line;
	struct check_probe_conf *next;
};

/* The checker blocks of one real server, in the order written. */
struct check_probe_list {
	struct check_probe_conf *head;
	struct check_probe_conf **tail; /* NULL in a zeroed list: handled */
	unsigned count;
};

/*
 * The keyword table for a real_server block: HTTP_GET, SSL_GET, TCP_CHECK,
 * MISC_CHECK, DNS_CHECK, SMTP_CHECK, UDP_CHECK, PING_CHECK, FILE_CHECK,
 * BFD_CHECK. Use it with CFG_KEYWORDS_FROM(check_conf_probe_keywords) in the
 * real_server table. The real_server block's object must be a struct whose
 * FIRST member is a struct check_probe_list (C guarantees the pointer
 * conversion); each complete checker block is appended to it. A block
 * keepalived would drop (HTTP_GET without url, MISC_CHECK without
 * misc_path, ...) is warned about with file:line and not appended.
 */
extern const struct cfg_keyword check_conf_probe_keywords[];

/* Free every conf of the list and zero it. */
void check_probe_list_free(struct check_probe_list *l);
/* Free one conf (its urls, argv, ...), not the ones after it. */
void check_probe_conf_free(struct check_probe_conf *c);

/*
 * The global SSL { } block (password, ca, certificate, key) used by every
 * SSL_GET. Its keyword table takes a struct check_ssl_conf as object.
 */
struct check_ssl_conf {
	char password[256];
	char ca[PATH_MAX];
	char certificate[PATH_MAX];
	char key[PATH_MAX];
	bool given; /* an SSL block was written */
};
extern const struct cfg_keyword check_conf_ssl_keywords[];

/* Run-time set-up ---------------------------------------------------------------------------- */

/*
 * Once per checker process (and again after a reload): build the TLS
 * context SSL_GET uses from ssl (NULL or !given: keepalived's default, no
 * verification of the server, no client certificate). Logs and returns -1
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
};

#define CHECK_REASON_MAX 320

struct check_outcome {
	bool up;
	bool timed_out; /* the attempt hit its hard timeout */
	int weight;     /* -1: unchanged; else the weight MISC misc_dynamic / FILE_CHECK set */
	/*
	 * The sentence keepalived 2.2.7 logs about this attempt, with the
	 * checked address as keepalived formats it ("[198.18.1.10]:tcp:80"):
	 *   "TCP connection to [198.18.1.10]:tcp:80 success."
	 *   "TCP connection to [198.18.1.10]:tcp:80 failed."  (see check_probe.c for each kind)
	 *   "HTTP status code error to [198.18.1.10]:tcp:80 url(/), status_code [503]."
	 * keepalived logs failures only while the server is up (or with
	 * log_all_failures) and success only when the server comes up: the
	 * caller decides that. Empty where keepalived logs nothing (a DNS_CHECK
	 * success).
	 */
	char reason[CHECK_REASON_MAX];
	/* MISC_CHECK only: " (exited with status 1)" etc., for check_probe_fmt_down(). */
	char detail[48];
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
 * after its retries (has_run false: its very first result), into buf:
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
			   bool has_run);
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
