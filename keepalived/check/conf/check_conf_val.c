/*
 * Value readers of the checker's configuration. The ranges and what counts
 * as a mistake follow keepalived 2.2.7, found by running `keepalived -t`
 * over crafted blocks: where keepalived is lax (extra words after a value),
 * so are we, since a configuration keepalived accepts must be accepted here.
 */
#include "config.h"

#include "keepalived/check/conf/check_conf_val.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lib/conf_reader.h"

/* keepalived reads numbers with strtoul(), which takes a leading '+'. */
static const char *
number_text(const char *s)
{
	return s[0] == '+' && (isdigit((unsigned char)s[1]) || s[1] == '.') ? s + 1 : s;
}

int
check_val_uint(struct cfg_reader *r, const char *kw, const char *s, uint64_t min, uint64_t max,
	       uint64_t *out)
{
	uint64_t v;

	return cfg_parse_uint(r, kw, number_text(s), min, max, out != NULL ? out : &v);
}

int
check_val_timer(struct cfg_reader *r, const char *kw, const char *s, uint64_t min_us,
		uint64_t *out_us)
{
	return cfg_parse_fixed(r, kw, number_text(s), 6, min_us, UINT64_MAX - 1, out_us);
}

int
check_val_addr_parse(const char *s, size_t len, struct check_addr *out)
{
	char buf[INET6_ADDRSTRLEN];

	memset(out, 0, sizeof(*out));
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, &out->u.v4) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, &out->u.v6) == 1)
		out->family = AF_INET6;
	else
		return -1;
	return 0;
}

int
check_val_addr(struct cfg_reader *r, const char *kw, const char *s, struct check_addr *out)
{
	if (check_val_addr_parse(s, strcspn(s, "/"), out) == 0)
		return 0;
	cfg_error(r, "%s: '%s' is not an IPv4 or IPv6 address", kw, s);
	return -1;
}

int
check_val_addr_port(struct cfg_reader *r, int argc, char *argv[], struct check_addr *addr,
		    uint16_t *port)
{
	char what[64];
	uint64_t v = 0;

	if (argc < 2) {
		cfg_error(r, "%s: missing address", argv[0]);
		return -1;
	}
	if (check_val_addr(r, argv[0], argv[1], addr) == -1)
		return -1;
	snprintf(what, sizeof(what), "%s port", argv[0]);
	if (argc > 2 && check_val_uint(r, what, argv[2], 0, 65535, &v) == -1)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

static bool
word_in(const char *s, const char *const words[])
{
	for (; *words != NULL; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

/*
 * A gue tunnel needs a port and nothing else may have one; ipip takes no
 * checksum option and gre no remcsum. keepalived checks the options after
 * NAT and DR the same way.
 */
int
check_val_fwd(struct cfg_reader *r, int argc, char *argv[], struct check_fwd_conf *out)
{
	static const char *const types[] = { "ipip", "gue", "gre", NULL };
	static const char *const csums[] = { "nocsum", "csum", "remcsum", NULL };
	struct check_fwd_conf f = { .given = true };
	const char *type = "ipip", *csum = "nocsum";
	uint64_t port = 0;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strcmp(argv[1], "NAT") == 0)
		f.method = CHECK_FWD_NAT;
	else if (strcmp(argv[1], "DR") == 0)
		f.method = CHECK_FWD_DR;
	else if (strcmp(argv[1], "TUN") == 0)
		f.method = CHECK_FWD_TUN;
	else
		return 1; /* the caller warns, naming what it is for */
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "type") == 0 && i + 1 < argc) {
			type = argv[++i];
			if (!word_in(type, types)) {
				cfg_error(r, "%s: tunnel type '%s' is not ipip, gue or gre",
					  argv[0], type);
				return -1;
			}
		} else if (strcmp(argv[i], "port") == 0 && i + 1 < argc) {
			if (check_val_uint(r, "tunnel port", argv[++i], 1, 65535, &port) == -1)
				return -1;
		} else if (word_in(argv[i], csums)) {
			csum = argv[i];
		} else {
			cfg_error(r, "%s: '%s' is not a tunnel option", argv[0], argv[i]);
			return -1;
		}
	}
	if ((strcmp(type, "gue") == 0) != (port != 0)) {
		cfg_error(r, "%s: a gue tunnel needs a port, and only a gue tunnel takes one",
			  argv[0]);
		return -1;
	}
	if ((strcmp(type, "ipip") == 0 && strcmp(csum, "nocsum") != 0) ||
	    (strcmp(type, "gre") == 0 && strcmp(csum, "remcsum") == 0)) {
		cfg_error(r, "%s: %s tunnels do not take %s", argv[0], type, csum);
		return -1;
	}
	f.tun_type = strcmp(type, "gue") == 0 ? CHECK_TUN_GUE :
		     strcmp(type, "gre") == 0 ? CHECK_TUN_GRE :
						CHECK_TUN_IPIP;
	f.tun_port = (uint16_t)port;
	f.tun_flags = strcmp(csum, "csum") == 0    ? CHECK_TUN_F_CSUM :
		      strcmp(csum, "remcsum") == 0 ? CHECK_TUN_F_REMCSUM :
						     CHECK_TUN_F_NOCSUM;
	*out = f;
	return 0;
}

int
check_val_script(struct cfg_reader *r, int argc, char *argv[], char *out, size_t size)
{
	size_t n = 0;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	out[0] = '\0';
	for (int i = 1; i < argc; i++) {
		int w = snprintf(out + n, size - n, "%s%s", i > 1 ? " " : "", argv[i]);

		if (w < 0 || (size_t)w >= size - n) {
			cfg_error(r, "%s: longer than %zu characters", argv[0], size - 1);
			out[0] = '\0';
			return -1;
		}
		n += (size_t)w;
	}
	return 0;
}

int
check_val_flag(struct cfg_reader *r, int argc, char *argv[], bool *out)
{
	if (argc < 2) {
		*out = true;
		return 0;
	}
	return cfg_parse_bool(r, argv[0], argv[1], out);
}

void
check_val_where(struct cfg_reader *r, char *file, size_t size, int *line)
{
	snprintf(file, size, "%s", cfg_file(r));
	*line = cfg_line(r);
}
