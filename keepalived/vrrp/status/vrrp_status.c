/*
 * The status model: a snapshot of the live instances, their shared
 * sockets and netlink, taken on request (a signal, a control command, a
 * metrics scrape) and rendered by vrrp_status_json.c, vrrp_status_prom.c
 * and vrrp_status_text.c. Also the growing text buffer they write to.
 */
#include "config.h"

#include "keepalived/vrrp/status/vrrp_status.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/event.h"
#include "keepalived/vrrp/run/vrrp_daemon.h"
#include "keepalived/vrrp/run/vrrp_notify.h"

/* Output buffer ------------------------------------------------------------ */

void
vrrp_status_buf_init(struct vrrp_status_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
vrrp_status_buf_free(struct vrrp_status_buf *b)
{
	free(b->data);
	vrrp_status_buf_init(b);
}

void
vrrp_status_buf_reset(struct vrrp_status_buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Room for need more bytes and the NUL; false (and failed) if there is none. */
static bool
vrrp_status_buf_reserve(struct vrrp_status_buf *b, size_t need)
{
	size_t cap;
	char *p;

	if (b->failed)
		return false;
	if (need >= VRRP_STATUS_BUF_MAX || b->len + need >= VRRP_STATUS_BUF_MAX) {
		b->failed = true;
		return false;
	}
	if (b->len + need < b->cap)
		return true;
	cap = b->cap != 0 ? b->cap : 4096;
	while (cap <= b->len + need)
		cap *= 2;
	if (cap > VRRP_STATUS_BUF_MAX)
		cap = VRRP_STATUS_BUF_MAX;
	p = realloc(b->data, cap);
	if (p == NULL) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void
vrrp_status_buf_add(struct vrrp_status_buf *b, const char *s, size_t len)
{
	if (!vrrp_status_buf_reserve(b, len))
		return;
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
vrrp_status_buf_puts(struct vrrp_status_buf *b, const char *s)
{
	vrrp_status_buf_add(b, s, strlen(s));
}

void
vrrp_status_buf_vprintf(struct vrrp_status_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	if (b->failed)
		return;
	/* Most lines fit in what is left; format a second time if not. */
	if (!vrrp_status_buf_reserve(b, 256))
		return;
	va_copy(again, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	if (n >= 0 && (size_t)n >= b->cap - b->len) {
		b->data[b->len] = '\0';
		if (vrrp_status_buf_reserve(b, (size_t)n + 1))
			n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, again);
		else
			n = -2;
	}
	va_end(again);
	if (n == -2)
		return;
	if (n < 0 || (size_t)n >= b->cap - b->len) {
		b->failed = true;
		b->data[b->len] = '\0';
		return;
	}
	b->len += (size_t)n;
}

void
vrrp_status_buf_printf(struct vrrp_status_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrrp_status_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* The model ---------------------------------------------------------------- */

int
vrrp_status_init(struct vrrp_status *st, size_t max_insts, const char *router_id,
		 uint64_t now_mono_us, uint64_t now_real_us)
{
	size_t n = max_insts != 0 ? max_insts : 1;

	memset(st, 0, sizeof(*st));
	st->pid = getpid();
	st->now_mono_us = now_mono_us;
	st->now_real_us = now_real_us;
	if (router_id != NULL)
		snprintf(st->router_id, sizeof(st->router_id), "%s", router_id);
	st->insts = calloc(n, sizeof(*st->insts));
	st->socks = calloc(n, sizeof(*st->socks));
	st->sock_keys = calloc(n, sizeof(*st->sock_keys));
	if (st->insts == NULL || st->socks == NULL || st->sock_keys == NULL) {
		vrrp_status_free(st);
		errno = ENOMEM;
		return -1;
	}
	st->insts_cap = max_insts;
	return 0;
}

void
vrrp_status_free(struct vrrp_status *st)
{
	free(st->insts);
	free(st->socks);
	free(st->sock_keys);
	free(st->trackers);
	free(st->tracker_keys);
	free(st->uses);
	free(st->bfd_sessions);
	memset(st, 0, sizeof(*st));
}

/* The instance's counters as one set: it keeps them in three places (vrrp_instance.h). */
static void
vrrp_status_io(struct vrrp_inst_stats *io, const struct vrrp_inst *inst)
{
	const struct vrrp_inst_counters *c = &inst->stats;

	memset(io, 0, sizeof(*io));
	io->adverts_tx = c->adverts_tx;
	io->adverts_rx = c->adverts_rx;
	io->prio0_tx = c->prio0_tx;
	io->garps_tx = c->garps_tx;
	io->nas_tx = c->nas_tx;
	io->csum_plain_rx = c->csum_plain_rx;
	io->csum_pseudo_rx = c->csum_pseudo_rx;
	io->late_adverts = inst->late.late_total;
	io->late_advert_episodes = inst->late.episodes;
	if (inst->trouble != NULL) {
		const struct vrrp_inst_errors *e = &inst->trouble->err;

		io->send_errors = e->send_errors;
		io->vip_errors = e->vip_errors;
		io->nft_errors = e->nft_errors;
		io->vips_restored = e->vips_restored;
		io->vips_lost = e->vips_lost;
	}
}

/* keepalived's error counters, from ours (see struct vrrp_status_compat). */
static void
vrrp_status_compat(struct vrrp_status_compat *c, const uint64_t *drops)
{
	memset(c, 0, sizeof(*c));
	c->packet_len_err = drops[VRRP_DROP_SHORT] + drops[VRRP_DROP_LENGTH];
	c->ip_ttl_err = drops[VRRP_DROP_TTL];
	c->invalid_type_rcvd = drops[VRRP_DROP_TYPE];
	c->advert_interval_err = drops[VRRP_DROP_INTERVAL] + drops[VRRP_DROP_ZERO_INTERVAL];
	c->addr_list_err = drops[VRRP_DROP_ZERO_COUNT];
	c->authtype_mismatch = drops[VRRP_DROP_AUTH_TYPE];
	c->auth_failure = drops[VRRP_DROP_AUTH];
}

static bool
vrrp_status_addr_set(int family, const union vrrp_addr *a)
{
	static const union vrrp_addr zero;

	return memcmp(a->bytes, zero.bytes, family == AF_INET6 ? 16 : 4) != 0;
}

/* The socket of an instance, counted once however many instances share it. */
static void
vrrp_status_add_sock(struct vrrp_status *st, const struct vrrp_ifsock *ifs)
{
	struct vrrp_status_sock *ss;
	size_t i;

	if (ifs == NULL)
		return;
	for (i = 0; i < st->nsocks; i++)
		if (st->sock_keys[i] == ifs)
			return;
	ss = &st->socks[st->nsocks];
	st->sock_keys[st->nsocks++] = ifs;
	snprintf(ss->ifname, sizeof(ss->ifname), "%s", ifs->ifname);
	ss->family = ifs->family;
	ss->open = ifs->sock != NULL;
	ss->rx_packets = ifs->rx_packets;
	memcpy(ss->drops, ifs->drops, sizeof(ss->drops));
}

/* Room for one more element in an array of *cap elements of size each. */
static int
vrrp_status_grow(void **array, size_t *cap, size_t n, size_t size)
{
	size_t ncap = *cap != 0 ? *cap * 2 : 8;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*array, ncap * size);
	if (p == NULL)
		return -1;
	*array = p;
	*cap = ncap;
	return 0;
}

/* The index of tr in st->trackers, added on first sight; -1 without memory. */
static long
vrrp_status_tracker(struct vrrp_status *st, const struct vrrp_tracker *tr)
{
	struct vrrp_status_tracker *t;
	size_t i, cap = st->trackers_cap;

	for (i = 0; i < st->ntrackers; i++)
		if (st->tracker_keys[i] == tr)
			return (long)i;
	/* The two arrays grow together: the first one with a copy of the capacity. */
	if (vrrp_status_grow((void **)&st->trackers, &cap, st->ntrackers, sizeof(*st->trackers)) ==
		    -1 ||
	    vrrp_status_grow((void **)&st->tracker_keys, &st->trackers_cap, st->ntrackers,
			     sizeof(*st->tracker_keys)) == -1)
		return -1;
	t = &st->trackers[st->ntrackers];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", tr->name);
	t->kind = tr->kind;
	t->state = tr->state;
	t->value = tr->value;
	t->running = tr->child != NULL;
	t->stats = tr->stats;
	st->tracker_keys[st->ntrackers] = tr;
	return (long)st->ntrackers++;
}

/* The trackers inst watches, appended to st->uses. */
static int
vrrp_status_add_uses(struct vrrp_status *st, struct vrrp_status_inst *si,
		     const struct vrrp_inst *inst)
{
	const struct vrrp_track_use *u;
	struct vrrp_status_use *su;
	size_t i;
	long t;

	si->uses_first = st->nuses;
	for (i = 0; inst->track.watch != NULL && i < inst->track.watch->nuses; i++) {
		u = &inst->track.watch->uses[i];
		if (u->tracker == NULL)
			continue;
		t = vrrp_status_tracker(st, u->tracker);
		if (t == -1 || vrrp_status_grow((void **)&st->uses, &st->uses_cap, st->nuses,
						sizeof(*st->uses)) == -1)
			return -1;
		su = &st->uses[st->nuses++];
		su->tracker = (size_t)t;
		su->weight = u->weight;
		su->reverse = u->reverse;
		su->effect = u->effect;
		su->fault = u->fault;
		si->nuses++;
	}
	return 0;
}

int
vrrp_status_add(struct vrrp_status *st, const struct vrrp_inst *inst)
{
	const struct vrrp_fsm *fsm = &inst->fsm;
	struct vrrp_status_inst *si;
	uint64_t age;

	if (st->ninsts >= st->insts_cap)
		return -1;
	si = &st->insts[st->ninsts++];
	memset(si, 0, sizeof(*si));
	si->conf = inst->conf;
	si->state = fsm->state;
	si->base_priority = inst->conf->priority;
	si->effective_priority = fsm->priority;
	si->has_source = vrrp_status_addr_set(inst->conf->family, &fsm->local_addr);
	si->source = fsm->local_addr;
	if (fsm->state == VRRP_STATE_MASTER) {
		si->master_known = si->has_source;
		si->master_addr = fsm->local_addr;
		si->master_priority = fsm->priority;
	} else if (fsm->state == VRRP_STATE_BACKUP && fsm->master_known) {
		si->master_known = true;
		si->master_addr = fsm->master_addr;
		si->master_priority = fsm->master_priority;
	}
	si->master_adver_int_cs = fsm->master_adver_int_cs;
	/* state_since_us is 0 until the first transition. */
	if (fsm->state_since_us != 0 && fsm->state_since_us <= st->now_mono_us) {
		age = st->now_mono_us - fsm->state_since_us;
		si->time_in_state_us = age;
		si->last_transition_us = st->now_real_us > age ? st->now_real_us - age : 0;
	}
	/* The state machine's reason for any Fault is the interface; say why. */
	snprintf(si->reason, sizeof(si->reason), "%s",
		 inst->maintenance && fsm->state == VRRP_STATE_FAULT ? "maintenance mode" :
		 fsm->reason != NULL                                 ? fsm->reason :
								       "");
	si->maintenance = inst->maintenance;
	si->link_fault = inst->link_fault;
	si->vips_installed = inst->vips_installed;
	si->lease_held = vrrp_lease_remaining(inst, st->now_mono_us, &si->lease_left_us);
	if (inst->lease != NULL)
		si->lease = inst->lease->stats;
	else
		si->lease = (struct vrrp_lease_stats){ 0 };
	si->fsm = fsm->stats;
	vrrp_status_io(&si->io, inst);
	if (inst->trouble != NULL)
		si->rx = inst->trouble->d;
	vrrp_status_compat(&si->compat, si->rx.drops);
	memset(&si->track, 0, sizeof(si->track));
	si->track.priority_changes = inst->track.stats.priority_changes;
	si->track.tracker_faults = inst->track.stats.tracker_faults;
	si->track.rx_lower_pri = inst->track.stats.rx_lower_pri;
	vrrp_notify_track_stats(inst->track.notify, &si->track);
	vrrp_status_add_sock(st, inst->ifs);
	return vrrp_status_add_uses(st, si, inst);
}

bool
vrrp_status_extra_drop(const struct vrrp_status_inst *si, size_t i, const char **name,
		       uint64_t *count)
{
	/* Unicast TTL drops are counted in drops[VRRP_DROP_TTL] already. */
	/* clang-format off */
	static const enum vrrp_unicast_drop uc[] = {
		VRRP_UC_DROP_NOT_UNICAST, VRRP_UC_DROP_NOT_MULTICAST, VRRP_UC_DROP_GROUP,
		VRRP_UC_DROP_NOT_PEER, VRRP_UC_DROP_PEER_TTL,
	};
	/* clang-format on */
	const size_t nuc = sizeof(uc) / sizeof(uc[0]);

	if (i < nuc) {
		*name = vrrp_unicast_drop_name(uc[i]);
		*count = si->rx.uc_drops[uc[i]];
		return true;
	}
	i -= nuc;
	if (i + 1 < VRRP_AH_DROP_COUNT_) {
		*name = vrrp_ah_drop_name((enum vrrp_ah_drop)(i + 1));
		*count = si->rx.ah_drops[i + 1];
		return true;
	}
	return false;
}

void
vrrp_status_set_netlink(struct vrrp_status *st, const struct vrrp_nl_stats *nl)
{
	st->has_netlink = nl != NULL;
	if (nl != NULL)
		st->netlink = *nl;
}

void
vrrp_status_set_proc(struct vrrp_status *st, const struct vrrp_proc_stats *ps)
{
	st->has_proc = ps != NULL;
	if (ps != NULL)
		st->proc = *ps;
}

int
vrrp_status_set_bfd(struct vrrp_status *st, const struct bfd_run *b)
{
	size_t n = bfd_run_count(b);

	st->has_bfd = b != NULL;
	if (b == NULL)
		return 0;
	st->bfd = *bfd_run_stats(b);
	st->bfd_sessions = calloc(n + 1, sizeof(*st->bfd_sessions));
	if (st->bfd_sessions == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *name = "";
		const struct bfd_session *s = bfd_run_session(b, i, &name);

		snprintf(st->bfd_sessions[i].name, sizeof(st->bfd_sessions[i].name), "%s", name);
		st->bfd_sessions[i].s = *s;
	}
	st->nbfd = n;
	return 0;
}

static uint64_t
vrrp_status_realtime_us(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int
vrrp_status_build(struct vrrp_status *st, struct vrrp_daemon *d, const char *router_id)
{
	size_t i, n = vrrp_daemon_ninstances(d);
	struct vrrp_nl *nl;

	if (vrrp_status_init(st, n, router_id, ev_monotonic_us(), vrrp_status_realtime_us()) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (vrrp_status_add(st, vrrp_daemon_instance(d, i)) == -1) {
			vrrp_status_free(st);
			errno = ENOMEM;
			return -1;
		}
	}
	nl = d != NULL ? vrrp_daemon_nl(d) : NULL;
	if (nl != NULL)
		vrrp_status_set_netlink(st, vrrp_nl_get_stats(nl));
	if (d != NULL)
		vrrp_status_set_proc(st, vrrp_tracking_proc_stats(vrrp_daemon_tracking(d)));
	if (d != NULL &&
	    vrrp_status_set_bfd(st, vrrp_tracking_bfd(vrrp_daemon_tracking(d))) == -1) {
		vrrp_status_free(st);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* Helpers shared by the renderers ------------------------------------------ */

const char *
vrrp_status_family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

const char *
vrrp_status_vip_str(const struct vrrp_vip *vip, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", vrrp_addr_ntop(vip->family, &vip->addr, addr, sizeof(addr)),
		 vip->prefixlen);
	return buf;
}

static const char *
vrrp_status_scope_name(int scope)
{
	switch (scope) {
	case RT_SCOPE_UNIVERSE:
		return "global";
	case RT_SCOPE_SITE:
		return "site";
	case RT_SCOPE_LINK:
		return "link";
	case RT_SCOPE_HOST:
		return "host";
	case RT_SCOPE_NOWHERE:
		return "nowhere";
	default:
		return "unknown";
	}
}

const char *
vrrp_status_vip_ka_str(const struct vrrp_status_inst *si, const struct vrrp_vip *vip, char *buf,
		       size_t len)
{
	char addr[INET6_ADDRSTRLEN + 4];

	snprintf(buf, len, "%s dev %s scope %s%s%s%s", vrrp_status_vip_str(vip, addr, sizeof(addr)),
		 vip->dev[0] != '\0' ? vip->dev : si->conf->ifname,
		 vrrp_status_scope_name(vip->scope), vip->label[0] != '\0' ? " label " : "",
		 vip->label, si->vips_installed ? " set" : "");
	return buf;
}

const char *
vrrp_status_duration(uint64_t us, char *buf, size_t len)
{
	uint64_t s = us / 1000000u;

	if (s >= 86400)
		snprintf(buf, len, "%llud%02lluh", (unsigned long long)(s / 86400),
			 (unsigned long long)(s % 86400 / 3600));
	else if (s >= 3600)
		snprintf(buf, len, "%lluh%02llum", (unsigned long long)(s / 3600),
			 (unsigned long long)(s % 3600 / 60));
	else if (s >= 60)
		snprintf(buf, len, "%llum%02llus", (unsigned long long)(s / 60),
			 (unsigned long long)(s % 60));
	else
		snprintf(buf, len, "%llu.%llus", (unsigned long long)s,
			 (unsigned long long)(us % 1000000u / 100000u));
	return buf;
}
