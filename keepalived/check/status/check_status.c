/*
 * Renderers of the checker's status: keepalived's data dump, JSON and
 * Prometheus rows, each from the same run-time state; and the files the
 * checker process publishes them in for the main process.
 */
#include "config.h"

#include "keepalived/check/status/check_status.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *
addr_text(const struct check_addr *a, char *buf, size_t size)
{
	if (inet_ntop(a->family, &a->u, buf, (socklen_t)size) == NULL)
		snprintf(buf, size, "?");
	return buf;
}

/* Dump ------------------------------------------------------------------- */

void
check_status_data(FILE *out, const struct check_vs_rt *vs, unsigned n_vs)
{
	char name[160], a[INET6_ADDRSTRLEN];

	fprintf(out, "------< LVS Topology >------\n");
	for (unsigned i = 0; i < n_vs; i++) {
		const struct check_vs_conf *c = vs[i].conf;

		fprintf(out, " VS = %s\n", check_vs_fmt(name, sizeof(name), c));
		fprintf(out, "   delay_loop = %f, lvs_sched = %s\n", (double)c->delay_loop_us / 1e6,
			c->sched);
		if (c->persistence_timeout_s != 0)
			fprintf(out, "   persistence timeout = %u\n", c->persistence_timeout_s);
		fprintf(out, "   protocol = %s\n",
			c->kind == CHECK_VS_FWMARK ? "none" : check_proto_name(c->protocol));
		fprintf(out, "   alpha is %s\n", c->alpha ? "ON" : "OFF");
		fprintf(out, "   omega is %s\n", c->omega ? "ON" : "OFF");
		fprintf(out, "   Inhibit on failure is %s\n", c->inhibit_on_failure ? "ON" : "OFF");
		fprintf(out, "   quorum = %u, hysteresis = %u\n", c->quorum, c->hysteresis);
		fprintf(out, "   Quorum state = %s, live weight = %ld\n",
			vs[i].quorum_up ? "UP" : "DOWN", check_vs_live_weight(&vs[i]));
		if (c->ha_suspend)
			fprintf(out, "   Using HA suspend\n");
		fprintf(out, "   default forwarding method = %s\n", check_fwd_name(c->fwd.method));
		if (c->has_sorry)
			fprintf(out, "   sorry server = [%s]:%s:%u%s\n",
				addr_text(&c->sorry_addr, a, sizeof(a)),
				check_proto_name(c->protocol), c->sorry_port,
				vs[i].sorry_active ? " (active)" : "");
		for (unsigned j = 0; j < vs[i].n_rs; j++) {
			const struct check_rs_rt *rs = &vs[i].rs[j];

			fprintf(out, "   ------< Real server >------\n");
			fprintf(out, "   RS = %s\n", check_rs_fmt(name, sizeof(name), c, rs->conf));
			fprintf(out, "     weight = %d\n", rs->weight);
			fprintf(out, "     alive = %s\n", rs->alive ? "yes" : "no");
			fprintf(out, "     failed checkers = %u\n", rs->n_failed);
			fprintf(out, "     forwarding method = %s\n",
				check_fwd_name(rs->conf->fwd.method));
			fprintf(out, "     Inhibit on failure is %s\n",
				rs->conf->inhibit_on_failure ? "ON" : "OFF");
			fprintf(out, "     last change = %s\n", rs->reason);
			for (unsigned k = 0; k < rs->n_checkers; k++) {
				const struct check_checker_rt *ck = &rs->checkers[k];

				fprintf(out,
					"     Keepalive method = %s, %s, attempts %llu, "
					"failures %llu\n",
					check_probe_kind_name(ck->conf->kind),
					ck->up ? "up" : "down", (unsigned long long)ck->attempts,
					(unsigned long long)ck->failures);
			}
		}
	}
}

/* Table ------------------------------------------------------------------ */

void
check_status_table(FILE *out, const struct check_vs_rt *vs, unsigned n_vs)
{
	char vsn[160], rsn[160];

	fprintf(out, "%-28s %-28s %-5s %6s %8s %8s %s\n", "VIRTUAL SERVER", "REAL SERVER", "UP",
		"WEIGHT", "CHECKS", "FAILED", "LAST CHANGE");
	for (unsigned i = 0; i < n_vs; i++) {
		check_vs_fmt(vsn, sizeof(vsn), vs[i].conf);
		fprintf(out, "%-28s quorum %s (live weight %ld, quorum %u)%s\n", vsn,
			vs[i].quorum_up ? "up" : "down", check_vs_live_weight(&vs[i]),
			vs[i].conf->quorum, vs[i].sorry_active ? ", sorry server serving" : "");
		for (unsigned j = 0; j < vs[i].n_rs; j++) {
			const struct check_rs_rt *rs = &vs[i].rs[j];
			unsigned long long attempts = 0, failures = 0;

			for (unsigned k = 0; k < rs->n_checkers; k++) {
				attempts += rs->checkers[k].attempts;
				failures += rs->checkers[k].failures;
			}
			fprintf(out, "%-28s %-28s %-5s %6d %8llu %8llu %s\n", vsn,
				check_rs_fmt(rsn, sizeof(rsn), vs[i].conf, rs->conf),
				rs->alive ? "yes" : "no", rs->weight, attempts, failures,
				rs->reason);
		}
	}
}

/* JSON ------------------------------------------------------------------- */

/* The strings here are addresses, names and probe sentences: escape what JSON needs. */
static void
json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

/* ,"bfd":{"messages":N,"drops":{"short":N,...}} */
static void
json_bfd(FILE *out, const struct check_status_bfd *bfd)
{
	fprintf(out, ",\"bfd\":{\"messages\":%llu,\"drops\":{", (unsigned long long)bfd->messages);
	for (int e = CHECK_BFD_MSG_OK + 1; e < CHECK_BFD_MSG_ERR_COUNT_; e++) {
		fprintf(out, "%s", e > CHECK_BFD_MSG_OK + 1 ? "," : "");
		json_string(out, check_bfd_msg_err_name((enum check_bfd_msg_err)e));
		fprintf(out, ":%llu", (unsigned long long)bfd->drops[e]);
	}
	fprintf(out, "}}");
}

void
check_status_json(FILE *out, const struct check_vs_rt *vs, unsigned n_vs)
{
	check_status_json_bfd(out, vs, n_vs, NULL);
}

void
check_status_json_bfd(FILE *out, const struct check_vs_rt *vs, unsigned n_vs,
		      const struct check_status_bfd *bfd)
{
	char name[160];

	fprintf(out, "{\"virtual_servers\":[");
	for (unsigned i = 0; i < n_vs; i++) {
		const struct check_vs_conf *c = vs[i].conf;

		fprintf(out, "%s{\"name\":", i ? "," : "");
		json_string(out, check_vs_fmt(name, sizeof(name), c));
		fprintf(out,
			",\"scheduler\":\"%s\",\"quorum\":%u,\"quorum_up\":%s,"
			"\"live_weight\":%ld,\"sorry_server_active\":%s,\"real_servers\":[",
			c->sched, c->quorum, vs[i].quorum_up ? "true" : "false",
			check_vs_live_weight(&vs[i]), vs[i].sorry_active ? "true" : "false");
		for (unsigned j = 0; j < vs[i].n_rs; j++) {
			const struct check_rs_rt *rs = &vs[i].rs[j];
			unsigned long long attempts = 0, failures = 0;

			for (unsigned k = 0; k < rs->n_checkers; k++) {
				attempts += rs->checkers[k].attempts;
				failures += rs->checkers[k].failures;
			}
			fprintf(out, "%s{\"name\":", j ? "," : "");
			json_string(out, check_rs_fmt(name, sizeof(name), c, rs->conf));
			fprintf(out,
				",\"alive\":%s,\"weight\":%d,\"failed_checkers\":%u,"
				"\"checks\":%llu,\"check_failures\":%llu,\"ups\":%llu,"
				"\"downs\":%llu,\"reason\":",
				rs->alive ? "true" : "false", rs->weight, rs->n_failed, attempts,
				failures, (unsigned long long)rs->n_up,
				(unsigned long long)rs->n_down);
			json_string(out, rs->reason);
			fputc('}', out);
		}
		fprintf(out, "]}");
	}
	fprintf(out, "]");
	if (bfd != NULL)
		json_bfd(out, bfd);
	fprintf(out, "}\n");
}

/* Prometheus --------------------------------------------------------------- */

void
check_status_prometheus(FILE *out, const struct check_vs_rt *vs, unsigned n_vs)
{
	check_status_prometheus_bfd(out, vs, n_vs, NULL);
}

void
check_status_prometheus_bfd(FILE *out, const struct check_vs_rt *vs, unsigned n_vs,
			    const struct check_status_bfd *bfd)
{
	char vsn[160], rsn[160];

	fprintf(out, "# HELP keepalived_lvs_vs_quorum_up 1 while the virtual server has quorum.\n"
		     "# TYPE keepalived_lvs_vs_quorum_up gauge\n");
	for (unsigned i = 0; i < n_vs; i++)
		fprintf(out, "keepalived_lvs_vs_quorum_up{vs=\"%s\"} %d\n",
			check_vs_fmt(vsn, sizeof(vsn), vs[i].conf), vs[i].quorum_up ? 1 : 0);
	fprintf(out, "# HELP keepalived_lvs_rs_up 1 while the real server passes its checks.\n"
		     "# TYPE keepalived_lvs_rs_up gauge\n"
		     "# HELP keepalived_lvs_rs_weight The real server's weight.\n"
		     "# TYPE keepalived_lvs_rs_weight gauge\n"
		     "# HELP keepalived_lvs_rs_checks_total Check attempts.\n"
		     "# TYPE keepalived_lvs_rs_checks_total counter\n"
		     "# HELP keepalived_lvs_rs_check_failures_total Failed check attempts.\n"
		     "# TYPE keepalived_lvs_rs_check_failures_total counter\n");
	for (unsigned i = 0; i < n_vs; i++) {
		check_vs_fmt(vsn, sizeof(vsn), vs[i].conf);
		for (unsigned j = 0; j < vs[i].n_rs; j++) {
			const struct check_rs_rt *rs = &vs[i].rs[j];
			unsigned long long attempts = 0, failures = 0;

			for (unsigned k = 0; k < rs->n_checkers; k++) {
				attempts += rs->checkers[k].attempts;
				failures += rs->checkers[k].failures;
			}
			check_rs_fmt(rsn, sizeof(rsn), vs[i].conf, rs->conf);
			fprintf(out, "keepalived_lvs_rs_up{vs=\"%s\",rs=\"%s\"} %d\n", vsn, rsn,
				rs->alive ? 1 : 0);
			fprintf(out, "keepalived_lvs_rs_weight{vs=\"%s\",rs=\"%s\"} %d\n", vsn, rsn,
				rs->weight);
			fprintf(out, "keepalived_lvs_rs_checks_total{vs=\"%s\",rs=\"%s\"} %llu\n",
				vsn, rsn, attempts);
			fprintf(out,
				"keepalived_lvs_rs_check_failures_total"
				"{vs=\"%s\",rs=\"%s\"} %llu\n",
				vsn, rsn, failures);
		}
	}
	if (bfd == NULL)
		return;
	fprintf(out,
		"# HELP keepalived_lvs_bfd_messages_total "
		"BFD state messages from the main process.\n"
		"# TYPE keepalived_lvs_bfd_messages_total counter\n"
		"keepalived_lvs_bfd_messages_total %llu\n"
		"# HELP keepalived_lvs_bfd_drops_total BFD state messages dropped, by reason.\n"
		"# TYPE keepalived_lvs_bfd_drops_total counter\n",
		(unsigned long long)bfd->messages);
	for (int e = CHECK_BFD_MSG_OK + 1; e < CHECK_BFD_MSG_ERR_COUNT_; e++)
		fprintf(out, "keepalived_lvs_bfd_drops_total{reason=\"%s\"} %llu\n",
			check_bfd_msg_err_name((enum check_bfd_msg_err)e),
			(unsigned long long)bfd->drops[e]);
}

/* Files -------------------------------------------------------------------- */

/*
 * Write text as dir/name through a new temporary file renamed over it, so
 * a reader sees a whole file, and a link planted at the name is replaced,
 * never followed.
 */
static int
publish_file(const char *dir, const char *name, const char *text, size_t len)
{
	char tmp[4096], path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
	fd = mkstemp(tmp);
	if (fd == -1)
		return -1;
	if (fchmod(fd, 0644) == -1 || write(fd, text, len) != (ssize_t)len || close(fd) == -1 ||
	    rename(tmp, path) == -1) {
		int saved = errno;

		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

static int
publish_one(const char *dir, const char *name, const struct check_vs_rt *vs, unsigned n_vs,
	    const struct check_status_bfd *bfd, int kind)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int rc;

	if (out == NULL)
		return -1;
	if (kind == 0)
		check_status_json_bfd(out, vs, n_vs, bfd);
	else if (kind == 1)
		check_status_table(out, vs, n_vs);
	else
		check_status_prometheus_bfd(out, vs, n_vs, bfd);
	if (fclose(out) != 0) {
		free(text);
		return -1;
	}
	rc = publish_file(dir, name, text, len);
	free(text);
	return rc;
}

int
check_status_publish(const char *dir, const struct check_vs_rt *vs, unsigned n_vs,
		     const struct check_status_bfd *bfd)
{
	if (publish_one(dir, CHECK_STATUS_JSON, vs, n_vs, bfd, 0) == -1 ||
	    publish_one(dir, CHECK_STATUS_TEXT, vs, n_vs, bfd, 1) == -1 ||
	    publish_one(dir, CHECK_STATUS_PROM, vs, n_vs, bfd, 2) == -1)
		return -1;
	return 0;
}
