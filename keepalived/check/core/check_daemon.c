/*
 * The checker process: configuration, probes on the event loop, the state
 * machine, and IPVS kept in step by the reconciler.
 *
 * Each checker of each real server is a task with a timer: the timer
 * starts one probe attempt; the probe's outcome goes to check_rs_result(),
 * which says when to try again. A change of any real server or quorum
 * marks the table dirty, and one zero-delay timer reconciles once for all
 * the changes of a loop iteration. Probes never block (check_probe.h), so
 * one slow server delays nothing else. The tasks and the run they belong
 * to are in check_daemon_run.c; this file has the loop, IPVS kept in
 * step, loading, the signals and stop.
 *
 * Reload builds a whole new run-time state from the new configuration,
 * takes over what the old one knew of the real servers that stay, cancels
 * the old probes and reconciles against what was wanted before: only the
 * differences reach the kernel, so a real server that stays keeps its
 * connections.
 */
#include "config.h"

#include "keepalived/check/core/check_daemon.h"
#include "keepalived/check/core/check_daemon_priv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/kernel/check_nft.h"
#include "keepalived/check/kernel/check_nl_addr.h"
#include "keepalived/check/kernel/ipvs_nl.h"
#include "keepalived/check/proto/check_rs.h"
#include "keepalived/check/run/check_probe.h"
#include "keepalived/check/status/check_status.h"
#include "keepalived/core/conf.h"
#include "keepalived/core/dump.h"
#include "keepalived/core/process_opts.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "keepalived/vrrp/run/vrrp_notify.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/pidfile.h"
#include "lib/spawn.h"

#define CHECK_LOG_IDENT "Keepalived_healthcheckers"
/* The checker's CPU priority below the VRRP process's (see check_daemon_main()). */
#define CHECK_NICE 10

/* Changes -------------------------------------------------------------------- */

static void
publish(struct check_daemon *cd)
{
	if (cd->status_dir[0] != '\0' &&
	    check_status_publish(cd->status_dir, cd->run.vs, cd->run.n_vs,
				 cd->opts->has_bfd_fd ? &cd->bfd_stats : NULL) == -1)
		log_debug("status files in %s: %s", cd->status_dir, strerror(errno));
}

static void
on_status_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	publish(arg);
}

/* The table the run wants, into t (cleared first). 0 or -1. */
static int
run_desired(const struct check_run *run, struct check_ipvs_table *t)
{
	check_table_clear(t);
	for (unsigned i = 0; i < run->n_vs; i++)
		if (check_vs_desired(&run->vs[i], run->conf->check, t) == -1)
			return -1;
	return 0;
}

/* Bring IPVS to what the run wants; prev: what was wanted before (NULL at start). */
static void
sync_ipvs(struct check_daemon *cd, const struct check_ipvs_table *prev)
{
	struct check_ipvs_table want = { 0 };
	struct check_reconcile_stats st;

	if (run_desired(&cd->run, &want) == -1) {
		log_warnx("%s: out of memory", __func__);
		check_table_clear(&want);
		return;
	}
	check_reconcile(&cd->ops, &want, prev, &st);
	if (st.errors != 0)
		log_warnx("IPVS: %u command%s failed; retried at the next change", st.errors,
			  st.errors == 1 ? "" : "s");
	check_table_clear(&cd->managed);
	cd->managed = want;
	publish(cd);
}

static void
on_sync_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct check_daemon *cd = arg;

	sync_ipvs(cd, &cd->managed);
}

/* Loading ------------------------------------------------------------------------ */

static struct kconf *
load(const struct check_daemon_opts *opts)
{
	struct kconf *conf = NULL;
	int errors;

	/* "Opening file" is the main process's line (-D), as keepalived's parent writes it. */
	errors = kconf_load(opts->conf_path, &opts->cfg, &conf);
	if (errors != 0) {
		if (errors > 0)
			log_error("Configuration file %s has %d error%s", opts->conf_path, errors,
				  errors == 1 ? "" : "s");
		return NULL;
	}
	if (opts->dump_conf)
		kconf_dump(conf);
	return conf;
}

static void set_timeouts(struct check_daemon *cd, const struct check_conf *c);

/*
 * nftables_ipvs: the fwmarks of conf's group services (before the run is
 * built from it, so that IPVS gets fwmark services), then their table.
 */
static int
nft_marks(struct check_daemon *cd, struct kconf *conf)
{
	if (check_nft_marks_assign(&cd->marks, conf->check) == -1) {
		log_error("nftables_ipvs: out of memory");
		return -1;
	}
	return 0;
}

static void
nft_table(struct check_daemon *cd, const struct check_conf *c)
{
	struct check_nft_elem *e = NULL;
	size_t n = 0;

	if (cd->opts->ipvs != NULL)
		return; /* tests: no kernel */
	if (check_nft_elems(c, &e, &n) == -1) {
		log_error("nftables_ipvs: out of memory");
		return;
	}
	check_nft_apply(&cd->nft, c->nft_table[0] ? c->nft_table : CHECK_NFT_TABLE_DEFAULT,
			c->nft_priority, e, n);
	free(e);
}

/*
 * checker_process_name (lvs_process_name), checker_priority,
 * checker_rt_priority and the like. Without a priority of its own the
 * checker runs at CHECK_NICE: on a busy CPU the scheduler must prefer
 * VRRP's adverts to a round of checks (a check finishing a little late
 * changes nothing, an advert sent late can start an election).
 */
static void
process_settings(const struct process_conf *pc)
{
	struct process_sched s = pc->checker;

	process_set_name(process_conf_name(pc, "checker"));
	if (!s.nice_set && s.rt_priority == 0) {
		s.nice_set = true;
		s.nice = CHECK_NICE;
	}
	process_sched_apply(&s, "checker");
}

/* Signals ----------------------------------------------------------------------- */

static void
on_reload(struct ev_loop *loop, int signo, void *arg)
{
	struct check_daemon *cd = arg;
	struct check_run next;
	struct kconf *conf;
	struct check_ipvs_table prev = cd->managed;

	log_info("Reloading");
	conf = load(cd->opts);
	if (conf == NULL) {
		log_error("Reload failed - keeping the running configuration");
		return;
	}
	if (nft_marks(cd, conf) == -1) {
		kconf_free(conf);
		return;
	}
	if (check_daemon_run_create(&next, conf) == -1) {
		log_error("Reload failed - out of memory");
		check_daemon_run_free(cd, &next);
		return;
	}
	check_probe_fini();
	check_probe_init(check_daemon_ssl_conf_if_used(conf));
	check_daemon_run_take_over(cd, &next, &cd->run);
	check_daemon_run_free(cd, &cd->run);
	cd->run = next;
	if (check_daemon_run_tasks_create(cd, &cd->run) == -1)
		log_error("Reload: out of memory, some checkers do not run");
	check_daemon_bfd_apply(cd); /* new BFD_CHECKs learn the sessions known */
	memset(&cd->managed, 0, sizeof(cd->managed));
	set_timeouts(cd, conf->check);
	check_daemon_nl_apply(cd, conf->check);
	nft_table(cd, conf->check);
	sync_ipvs(cd, &prev);
	check_table_clear(&prev);
	log_info("Reload complete");
}

static void
on_stop_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	ev_loop_break(loop);
}

static void
on_stop(struct ev_loop *loop, int signo, void *arg)
{
	struct check_daemon *cd = arg;

	if (!cd->stopping) {
		cd->stopping = true;
		if (check_daemon_omega_notifies(cd)) {
			ev_timer_start_in(loop, &cd->stop_timer, CHECK_OMEGA_WAIT_US);
			return;
		}
	}
	ev_loop_break(loop);
}

static void
on_dump(struct ev_loop *loop, int signo, void *arg)
{
	struct check_daemon *cd = arg;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (out == NULL)
		return;
	log_info("Printing checker data for process(%d) on signal", (int)getpid());
	check_status_data(out, cd->run.vs, cd->run.n_vs);
	if (fclose(out) == 0 && dump_write(dump_dir(), "keepalived_check.data", text, len) == -1)
		log_warn("Unable to write %s/keepalived_check.data", dump_dir());
	free(text);
}

/* Stop: keepalived's lines, then the services out of IPVS unless kept. */
static void
shutdown_services(struct check_daemon *cd)
{
	struct check_reconcile_stats st;
	char vsn[160], rsn[160];

	for (unsigned i = 0; i < cd->run.n_vs; i++) {
		const struct check_vs_rt *vs = &cd->run.vs[i];

		check_vs_fmt(vsn, sizeof(vsn), vs->conf);
		/* keepalived 2.2.7 names every real server, failed ones too. */
		for (unsigned j = 0; j < vs->n_rs; j++)
			log_info("Shutting down service %s from VS %s",
				 check_rs_fmt(rsn, sizeof(rsn), vs->conf, vs->rs[j].conf), vsn);
	}
	if (cd->opts->dont_release_ipvs) {
		log_info("Leaving IPVS in place (--dont-release-ipvs)");
		return;
	}
	if (cd->run.conf != NULL && cd->run.conf->check->flush_on_stop == CHECK_FLUSH_STOP_ALL)
		check_reconcile_flush(&cd->ops, &st);
	else
		check_reconcile_release(&cd->ops, &cd->managed, &st);
}

/* lvs_timeouts, at start and at each reload (netlink only). */
static void
set_timeouts(struct check_daemon *cd, const struct check_conf *c)
{
	if (!c->lvs_timeouts_given || cd->nl == NULL)
		return;
	if (ipvs_nl_set_timeouts(cd->nl, c->lvs_timeout[CHECK_LVS_TIMEOUT_TCP],
				 c->lvs_timeout[CHECK_LVS_TIMEOUT_TCPFIN],
				 c->lvs_timeout[CHECK_LVS_TIMEOUT_UDP]) == -1)
		log_warn("IPVS: Unable to set the connection timeouts");
}

/* Main ------------------------------------------------------------------------------ */

static int
daemon_setup(struct check_daemon *cd)
{
	char dir[PATH_MAX];

	cd->loop = ev_loop_new(NULL, NULL);
	if (cd->loop == NULL)
		return -1;
	if (ev_signal_add(cd->loop, SIGTERM, on_stop, cd) == -1 ||
	    ev_signal_add(cd->loop, SIGINT, on_stop, cd) == -1 ||
	    ev_signal_add(cd->loop, SIGHUP, on_reload, cd) == -1 ||
	    ev_signal_add(cd->loop, SIGUSR1, on_dump, cd) == -1)
		return -1;
	ev_timer_init(&cd->sync_timer, on_sync_timer, cd);
	ev_timer_init(&cd->status_timer, on_status_timer, cd);
	ev_timer_init(&cd->stop_timer, on_stop_timer, cd);
	/* The status files go beside the pid file; without one, nowhere. */
	if (cd->opts->pid_path != NULL) {
		snprintf(dir, sizeof(dir), "%s", cd->opts->pid_path);
		snprintf(cd->status_dir, sizeof(cd->status_dir), "%s", dirname(dir));
	}
	return 0;
}

/* -a: keepalived's checker line, without the interface (its checker does not say it). */
static void
addr_log(void *arg, int family, const void *addr, bool added)
{
	char buf[INET6_ADDRSTRLEN];

	(void)arg;
	if (inet_ntop(family, addr, buf, sizeof(buf)) != NULL)
		log_info("Netlink reflector reports IP %s %s", buf, added ? "added" : "removed");
}

static void
on_addr_event(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct check_daemon *cd = arg;

	(void)loop, (void)fd, (void)events;
	check_nl_addr_read(cd->addr_mon, addr_log, cd);
}

/* -a: the addresses there are, then every change. */
static void
addr_monitor_start(struct check_daemon *cd)
{
	if (!cd->opts->address_monitoring)
		return;
	cd->addr_mon = check_nl_addr_open();
	if (cd->addr_mon == NULL ||
	    ev_fd_add(cd->loop, check_nl_addr_fd(cd->addr_mon), EV_READ, on_addr_event, cd) == -1) {
		log_warn("-a: cannot watch address changes");
		check_nl_addr_close(cd->addr_mon);
		cd->addr_mon = NULL;
		return;
	}
	if (check_nl_addr_dump(addr_log, cd) == -1)
		log_warn("-a: cannot list the addresses");
}

static void
addr_monitor_stop(struct check_daemon *cd)
{
	if (cd->addr_mon == NULL)
		return;
	ev_fd_del(cd->loop, check_nl_addr_fd(cd->addr_mon));
	check_nl_addr_close(cd->addr_mon);
	cd->addr_mon = NULL;
}

int
check_daemon_main(const struct check_daemon_opts *opts)
{
	struct check_daemon cd = { .opts = opts, .pid_fd = -1, .exit_status = CHECK_EXIT_OK };
	struct kconf *conf;

	log_set_ident(CHECK_LOG_IDENT);
	/* The parent's death must not leave a checker running alone. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	cd.rng = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL) ^ 0x9e3779b97f4a7c15ULL;
	if (daemon_setup(&cd) == -1) {
		log_warn("%s: event loop", __func__);
		cd.exit_status = CHECK_EXIT_FATAL;
		goto done;
	}
	if (opts->pid_path != NULL) {
		cd.pid_fd = pidfile_create(opts->pid_path, NULL);
		if (cd.pid_fd == -1)
			log_warn("Unable to create checker pid file %s", opts->pid_path);
	}
	conf = load(opts);
	if (conf == NULL) {
		cd.exit_status = CHECK_EXIT_FATAL;
		goto done;
	}
	process_settings(&conf->process);
	if (nft_marks(&cd, conf) == -1 || check_daemon_run_create(&cd.run, conf) == -1) {
		log_error("out of memory");
		cd.exit_status = CHECK_EXIT_FATAL;
		goto done;
	}
	log_info("Initializing ipvs");
	if (opts->ipvs != NULL) {
		cd.ops = *opts->ipvs;
	} else {
		cd.nl = ipvs_nl_open();
		if (cd.nl == NULL) {
			cd.exit_status = CHECK_EXIT_FATAL;
			goto done;
		}
		cd.ops = ipvs_nl_ops(cd.nl);
	}
	/* Opened once: a reload keeps them, as keepalived does. */
	cd.fifos = vrrp_notifier_new_lvs(cd.loop, conf->vrrp.track, opts->fifo_script,
					 &cd.run.exec_defaults);
	for (unsigned i = 0; i < cd.run.n_vs; i++)
		check_vs_log_start(&cd.run.vs[i]);
	check_probe_init(check_daemon_ssl_conf_if_used(conf));
	if (check_daemon_run_tasks_create(&cd, &cd.run) == -1) {
		log_error("out of memory");
		cd.exit_status = CHECK_EXIT_FATAL;
		goto done;
	}
	if (conf->check->lvs_flush) {
		struct check_reconcile_stats st;

		check_reconcile_flush(&cd.ops, &st);
	}
	set_timeouts(&cd, conf->check);
	check_daemon_bfd_open(&cd);
	addr_monitor_start(&cd);
	check_daemon_nl_apply(&cd, conf->check);
	nft_table(&cd, conf->check);
	sync_ipvs(&cd, NULL);
	check_daemon_init_notifies(&cd);
	if (ev_loop_run(cd.loop) == -1)
		log_warn("event loop failed");
	shutdown_services(&cd);
done:
	check_daemon_bfd_close(&cd);
	addr_monitor_stop(&cd);
	if (cd.loop != NULL)
		check_daemon_run_free(&cd, &cd.run);
	check_probe_fini();
	vrrp_notifier_free(cd.fifos);
	check_daemon_nl_close(&cd);
	check_nft_close(cd.nft, opts->dont_release_ipvs);
	check_nft_marks_free(&cd.marks);
	check_table_clear(&cd.managed);
	ipvs_nl_close(cd.nl);
	if (cd.pid_fd != -1)
		pidfile_remove(opts->pid_path, cd.pid_fd);
	/* No status is better than a stale one. */
	if (cd.status_dir[0] != '\0') {
		char path[PATH_MAX + 64];

		snprintf(path, sizeof(path), "%s/%s", cd.status_dir, CHECK_STATUS_JSON);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s", cd.status_dir, CHECK_STATUS_PROM);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s", cd.status_dir, CHECK_STATUS_TEXT);
		unlink(path);
	}
	if (cd.loop != NULL)
		ev_loop_free(cd.loop);
	log_info("Stopped");
	return cd.exit_status;
}
