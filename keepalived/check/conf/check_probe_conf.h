/*
 * The configuration of the health-check probes (conf layer): what one
 * checker block inside a real_server says (check_conf_probe.c reads them),
 * the global SSL block, and the names of the kinds. The probes that run
 * them are keepalived/check/run/check_probe.h.
 */
#ifndef CHECK_PROBE_CONF_H
#define CHECK_PROBE_CONF_H

#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "lib/conf_reader.h"

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
	/* No probe (check_probe_start() fails): the BFD states from the main
	 * process drive it (check_daemon_bfd.c). */
	CHECK_BFD,
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
	/* fast_recovery: a failed (or alpha) server's urls back to back, not one per delay_loop */
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

#endif
