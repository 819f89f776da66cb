/*
 * The segment monitor's JSON and table (vrrp_segmon_fmt.h). Strings we
 * print are our own sentences and addresses; they are escaped all the same.
 */
#include "config.h"

#include "keepalived/vrrp/status/vrrp_segmon_fmt.h"

#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

static void
json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static const char *
family_name(int family)
{
	return family == AF_INET ? "ipv4" : "ipv6";
}

/* A problem callback's state: the stream and whether a comma is due. */
struct json_list {
	FILE *out;
	bool comma;
};

static void
json_problem(void *arg, const char *problem)
{
	struct json_list *l = arg;

	if (l->comma)
		fputc(',', l->out);
	l->comma = true;
	json_str(l->out, problem);
}

static void
json_router(FILE *out, const struct vrrp_segmon *m, int r, int64_t now_us)
{
	const struct vrrp_segmon_router *x = &m->routers[r];
	int family = m->groups[x->group].family;
	char a[64];
	int i;

	fputs("{\"source\":", out);
	json_str(out, vrrp_addr_ntop(family, &x->src, a, sizeof(a)));
	if (x->version != 0) {
		fprintf(out, ",\"priority\":%u,\"interval\":%u.%02u,\"version\":%u,\"auth\":",
			x->priority, x->adver_int_cs / 100, x->adver_int_cs % 100, x->version);
		json_str(out, vrrp_segmon_auth_name(x->auth_type));
		fputs(",\"addresses\":[", out);
		for (i = 0; i < x->naddr && i < VRRP_SEGMON_SHOW_ADDRS; i++) {
			if (i > 0)
				fputc(',', out);
			json_str(out, vrrp_addr_ntop(family, (const union vrrp_addr *)x->addrs[i],
						     a, sizeof(a)));
		}
		fprintf(out, "],\"address_count\":%u,\"destination\":", x->naddr);
		json_str(out, vrrp_addr_ntop(family, &x->dst, a, sizeof(a)));
		fprintf(out,
			",\"unicast\":%s,\"last_advert\":%" PRId64 ".%06" PRId64
			",\"last_advert_age\":%.3f,\"advertising\":%s",
			x->unicast ? "true" : "false", x->last_us / 1000000, x->last_us % 1000000,
			(double)(now_us - x->last_us) / 1e6,
			vrrp_segmon_advertising(m, r, now_us) ? "true" : "false");
	}
	fprintf(out,
		",\"adverts\":%" PRIu64 ",\"late\":%" PRIu64 ",\"bad_checksum\":%" PRIu64
		",\"bad_ttl\":%" PRIu64 "}",
		x->adverts, x->late, x->bad_checksum, x->bad_ttl);
}

void
vrrp_segmon_json(FILE *out, const struct vrrp_segmon *m, int64_t now_us)
{
	int idx[VRRP_SEGMON_MAX_GROUPS], n, i, r;
	struct json_list l = { out, false };

	n = vrrp_segmon_sorted(m, idx);
	fputc('[', out);
	for (i = 0; i < n; i++) {
		const struct vrrp_segmon_group *g = &m->groups[idx[i]];

		fprintf(out, "%s{\"vrid\":%u,\"family\":\"%s\",\"routers\":[", i ? "," : "",
			g->vrid, family_name(g->family));
		for (r = g->first; r != -1; r = m->routers[r].next) {
			if (r != g->first)
				fputc(',', out);
			json_router(out, m, r, now_us);
		}
		fputs("],\"problems\":[", out);
		l.comma = false;
		vrrp_segmon_problems(m, idx[i], now_us, json_problem, &l);
		fputs("]}", out);
	}
	fputs("]\n", out);
	fflush(out);
}

/* The table ---------------------------------------------------------------- */

static void
table_problem(void *arg, const char *problem)
{
	fprintf(arg, "    ! %s\n", problem);
}

static void
table_router(FILE *out, const struct vrrp_segmon *m, int r, int64_t now_us)
{
	const struct vrrp_segmon_router *x = &m->routers[r];
	int family = m->groups[x->group].family;
	char a[64], first[48], addrs[64], t[32];

	vrrp_addr_ntop(family, &x->src, a, sizeof(a));
	if (x->version == 0) {
		fprintf(out, "    %-26s (no good advert)\n", a);
		return;
	}
	vrrp_addr_ntop(family, (const union vrrp_addr *)x->addrs[0], first, sizeof(first));
	if (x->naddr == 0)
		snprintf(addrs, sizeof(addrs), "-");
	else if (x->naddr == 1)
		snprintf(addrs, sizeof(addrs), "%s", first);
	else
		snprintf(addrs, sizeof(addrs), "%s +%u", first, x->naddr - 1);
	fprintf(out, "    %-26s %4u %3u.%02u  v%u %-4s %-7s %-28s %s %6.1f s ago %s\n", a,
		x->priority, x->adver_int_cs / 100, x->adver_int_cs % 100, x->version,
		vrrp_segmon_auth_name(x->auth_type), x->unicast ? "unicast" : "mcast", addrs,
		vrrp_segmon_clock(x->last_us, t, sizeof(t)), (double)(now_us - x->last_us) / 1e6,
		vrrp_segmon_advertising(m, r, now_us) ? "advertising" :
		x->priority == 0                      ? "resigned" :
							"silent");
}

void
vrrp_segmon_table(FILE *out, const struct vrrp_segmon *m, int64_t now_us, const char *title)
{
	int idx[VRRP_SEGMON_MAX_GROUPS], n, i, r, d;
	char t[32];

	fprintf(out, "%s, %s UTC: %" PRIu64 " frames, %" PRIu64 " adverts\n", title,
		vrrp_segmon_clock(now_us, t, sizeof(t)), m->frames, m->adverts);
	n = vrrp_segmon_sorted(m, idx);
	if (n == 0)
		fputs("no VRRP advert seen yet\n", out);
	else
		fprintf(out, "    %-26s %4s %6s %3s %-4s %-7s %-28s %s\n", "SENDER", "PRIO",
			"INTVL", "VER", "AUTH", "DEST", "ADDRESSES", "LAST ADVERT");
	for (i = 0; i < n; i++) {
		const struct vrrp_segmon_group *g = &m->groups[idx[i]];

		fprintf(out, "VRID %u %s: %d sender%s\n", g->vrid, family_name(g->family),
			g->nrouters, g->nrouters == 1 ? "" : "s");
		for (r = g->first; r != -1; r = m->routers[r].next)
			table_router(out, m, r, now_us);
		vrrp_segmon_problems(m, idx[i], now_us, table_problem, out);
	}
	for (d = 1; d < VRRP_SEGMON_DROP_COUNT_; d++)
		if (m->drops[d] > 0)
			fprintf(out, "dropped %s: %" PRIu64 "\n", vrrp_segmon_drop_name(d),
				m->drops[d]);
	fflush(out);
}
