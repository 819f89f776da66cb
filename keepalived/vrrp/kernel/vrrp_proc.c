/*
 * Process tracking, kernel side: the process events connector socket, the
 * parsing of its messages, the /proc scans and the reading of a new
 * process's name and command line. What the events mean for the trackers
 * is decided in vrrp_proc_match.c.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "lib/event.h"
#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_proc.h"

#define PROC_RESCAN_DELAY_US 1000000u /* after ENOBUFS: let the burst pass, as keepalived */
#define PROC_ACK_WAIT_US 100000u      /* the kernel acknowledges a subscription at once */
#define PROC_READS_PER_CALL 256       /* then back to the loop; epoll calls again */
#define PROC_PATH_MAX 512

/* The netlink and connector headers before the event, as the kernel lays them out. */
#define PROC_CN_OFFSET NLMSG_HDRLEN
#define PROC_EV_OFFSET (NLMSG_HDRLEN + sizeof(struct cn_msg))

struct vrrp_proc {
	struct ev_loop *loop;
	struct vrrp_proc_set set;
	struct vrrp_proc_stats stats;
	char root[PROC_PATH_MAX];
	int fd;
	bool connected;
	bool acked;
	int rcvbuf;
	bool rcvbuf_force;
	int64_t *cpu_seq; /* last sequence number per CPU, -1: none yet */
	size_t ncpus;
	char *cmdline_buf;
	struct ev_timer quorum_timer;
	struct ev_timer rescan_timer;
	struct ev_timer ack_timer;
	struct log_ratelimit bad_rl;
};

/* Reading /proc ---------------------------------------------------------------- */

/* Read at most size bytes of ROOT/PID/NAME into buf. Returns the length or -1. */
static ssize_t
proc_read(struct vrrp_proc *p, pid_t pid, const char *name, char *buf, size_t size)
{
	char path[PROC_PATH_MAX + 32];
	ssize_t n = 0, total = 0;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%d/%s", p->root, (int)pid, name) >= (int)sizeof(path))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1)
		return -1;
	/* /proc hands out a command line a page at a time. */
	while ((size_t)total < size) {
		n = read(fd, buf + total, size - (size_t)total);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
	}
	close(fd);
	return n == -1 && total == 0 ? -1 : total;
}

/* The name of pid from /proc/PID/comm into comm (VRRP_PROC_COMM_MAX + 1 bytes). */
static int
proc_read_comm(struct vrrp_proc *p, pid_t pid, char *comm)
{
	ssize_t n = proc_read(p, pid, "comm", comm, VRRP_PROC_COMM_MAX + 1);

	if (n < 0)
		return -1;
	comm[n < VRRP_PROC_COMM_MAX + 1 ? n : VRRP_PROC_COMM_MAX] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
	return 0;
}

/*
 * The name and state of pid from /proc/PID/stat, "PID (NAME) S ...". The
 * name may hold ')' itself, so the last one ends it. A zombie has ended:
 * keepalived does not count it, and neither does this.
 */
static int
proc_read_stat(struct vrrp_proc *p, pid_t pid, char *comm, bool *zombie)
{
	char buf[128];
	ssize_t n = proc_read(p, pid, "stat", buf, sizeof(buf) - 1);
	char *open_paren, *close_paren;
	size_t len;

	if (n < 0)
		return -1;
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (open_paren == NULL || close_paren == NULL || close_paren < open_paren)
		return -1;
	len = (size_t)(close_paren - open_paren - 1);
	if (len > VRRP_PROC_COMM_MAX)
		len = VRRP_PROC_COMM_MAX;
	memcpy(comm, open_paren + 1, len);
	comm[len] = '\0';
	*zombie = close_paren[1] == ' ' && close_paren[2] == 'Z';
	return 0;
}

/* What the matcher needs of pid; *cmdline NULL when not needed. -1: it is gone. */
static int
proc_read_process(struct vrrp_proc *p, pid_t pid, bool use_stat, char *comm, const char **cmdline,
		  size_t *cmdline_len)
{
	bool zombie = false;
	ssize_t n;

	*cmdline = NULL;
	*cmdline_len = 0;
	comm[0] = '\0';
	if (p->set.need_cmdline) {
		n = proc_read(p, pid, "cmdline", p->cmdline_buf, p->set.cmdline_max);
		if (n < 0)
			return -1;
		*cmdline = p->cmdline_buf;
		*cmdline_len = (size_t)n;
	}
	if (p->set.need_comm) {
		if ((use_stat ? proc_read_stat(p, pid, comm, &zombie) :
				proc_read_comm(p, pid, comm)) == -1)
			return -1;
		if (zombie)
			return -1;
	}
	return 0;
}

static bool
all_digits(const char *s)
{
	if (*s < '1' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '\0';
}

/* Count every process from scratch. initial: silently (the caller reads the result). */
static int
proc_scan(struct vrrp_proc *p, bool initial)
{
	char comm[VRRP_PROC_COMM_MAX + 1];
	const char *cmdline;
	size_t cmdline_len;
	struct dirent *ent;
	DIR *dir;

	dir = opendir(p->root);
	if (dir == NULL) {
		log_warn("Process tracking: cannot read %s", p->root);
		return -1;
	}
	p->stats.scans++;
	vrrp_proc_set_scan_begin(&p->set);
	while ((ent = readdir(dir)) != NULL) {
		pid_t pid;

		if (!all_digits(ent->d_name))
			continue;
		pid = (pid_t)strtol(ent->d_name, NULL, 10);
		if (proc_read_process(p, pid, true, comm, &cmdline, &cmdline_len) == -1)
			continue; /* gone or a zombie: not running */
		vrrp_proc_set_scan_process(&p->set, pid, p->set.need_comm ? comm : NULL, cmdline,
					   cmdline_len);
	}
	closedir(dir);
	vrrp_proc_set_scan_end(&p->set, initial, ev_now(p->loop));
	return 0;
}

/* Timers ------------------------------------------------------------------------ */

/* The fork_delay / terminate_delay timer follows the matcher's earliest deadline. */
static void
quorum_timer_arm(struct vrrp_proc *p)
{
	uint64_t next = vrrp_proc_set_next_deadline(&p->set);

	if (next == 0)
		ev_timer_stop(p->loop, &p->quorum_timer);
	else
		ev_timer_start_at(p->loop, &p->quorum_timer, next);
}

static void
quorum_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_proc *p = arg;

	(void)t;
	vrrp_proc_set_expire(&p->set, ev_now(loop));
	quorum_timer_arm(p);
}

static void
set_rcvbuf(struct vrrp_proc *p, int size)
{
	if (setsockopt(p->fd, SOL_SOCKET, p->rcvbuf_force ? SO_RCVBUFFORCE : SO_RCVBUF, &size,
		       sizeof(size)) == -1)
		log_warn("Process tracking: cannot set the receive buffer to %d", size);
}

/* After lost events: a bigger buffer, and a fresh count. */
static void
rescan_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_proc *p = arg;
	socklen_t optlen = sizeof(int);
	int size = 0;

	(void)loop, (void)t;
	if (getsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &size, &optlen) == 0 && size > 0 &&
	    size < INT32_MAX / 2) {
		/* The kernel reports twice what was set: setting what it reports doubles it. */
		set_rcvbuf(p, size);
		optlen = sizeof(size);
		getsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &size, &optlen);
		log_info("Process tracking lost events: the receive buffer is now %d bytes; "
			 "set process_monitor_rcv_bufs to keep it",
			 size);
	}
	for (size_t i = 0; i < p->ncpus; i++)
		p->cpu_seq[i] = -1;
	vrrp_proc_rescan(p);
}

static void
ack_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_proc *p = arg;

	(void)loop, (void)t;
	if (!p->acked)
		log_warnx("WARNING - the kernel does not support proc events - track_process "
			  "will not work");
}

/* Messages ---------------------------------------------------------------------- */

/* Whether an event of this kind carries the fields read for it. */
static bool
event_long_enough(uint32_t what, size_t len)
{
	size_t need = offsetof(struct proc_event, event_data);

	switch (what) {
	case PROC_EVENT_FORK:
		need += sizeof(struct fork_proc_event);
		break;
	case PROC_EVENT_EXEC:
		need += sizeof(struct exec_proc_event);
		break;
	case PROC_EVENT_COMM:
		need += sizeof(struct comm_proc_event);
		break;
	case PROC_EVENT_EXIT:
		/* Older kernels end the exit event after exit_signal. */
		need += offsetof(struct exit_proc_event, parent_pid);
		break;
	default:
		break;
	}
	return len >= need;
}

static void
note_sequence(struct vrrp_proc *p, uint32_t cpu, uint32_t seq)
{
	int64_t last;

	if (cpu >= p->ncpus)
		return; /* some kernels say UINT32_MAX: nothing to compare with */
	last = p->cpu_seq[cpu];
	if (last != -1 && (uint32_t)(last + 1) != seq) {
		uint32_t missed = seq - (uint32_t)last - 1;

		p->stats.missed += missed;
		log_ratelimited(&p->bad_rl, ev_now(p->loop), LOG_INFO,
				"Missed %u process events on CPU %u", missed, cpu);
	}
	p->cpu_seq[cpu] = seq;
}

static void
handle_exec(struct vrrp_proc *p, pid_t pid)
{
	char comm[VRRP_PROC_COMM_MAX + 1];
	const char *cmdline;
	size_t cmdline_len;

	if (proc_read_process(p, pid, false, comm, &cmdline, &cmdline_len) == -1) {
		/* Gone already: its exit event follows. */
		p->stats.read_errors++;
		return;
	}
	vrrp_proc_set_exec(&p->set, pid, p->set.need_comm ? comm : NULL, cmdline, cmdline_len,
			   ev_now(p->loop));
}

static int
drop(struct vrrp_proc *p, const char *why)
{
	p->stats.bad++;
	log_ratelimited(&p->bad_rl, ev_now(p->loop), LOG_WARNING,
			"Process tracking: dropped a connector message: %s", why);
	return -1;
}

int
vrrp_proc_input(struct vrrp_proc *p, const void *buf, size_t len)
{
	struct proc_event ev;
	struct nlmsghdr nlh;
	struct cn_msg cn;
	uint64_t now = ev_now(p->loop);
	size_t evlen;

	if (len < PROC_EV_OFFSET)
		return drop(p, "too short");
	memcpy(&nlh, buf, sizeof(nlh));
	if (nlh.nlmsg_len < PROC_EV_OFFSET || nlh.nlmsg_len > len)
		return drop(p, "bad netlink length");
	if (nlh.nlmsg_type == NLMSG_ERROR || nlh.nlmsg_type == NLMSG_NOOP)
		return 0;
	memcpy(&cn, (const char *)buf + PROC_CN_OFFSET, sizeof(cn));
	if (cn.id.idx != CN_IDX_PROC || cn.id.val != CN_VAL_PROC)
		return drop(p, "not a process event");
	if (cn.len > nlh.nlmsg_len - PROC_EV_OFFSET)
		return drop(p, "bad connector length");
	/* Copied out: the kernel's layout leaves the event only 4-byte aligned. */
	memset(&ev, 0, sizeof(ev));
	evlen = cn.len < sizeof(ev) ? cn.len : sizeof(ev);
	memcpy(&ev, (const char *)buf + PROC_EV_OFFSET, evlen);
	if (!event_long_enough(ev.what, evlen))
		return drop(p, "event too short");
	/* Only the subscription's acknowledgement has no event. */
	if ((ev.what == PROC_EVENT_NONE) != (cn.ack != 0))
		return drop(p, "acknowledgement mismatch");
	note_sequence(p, ev.cpu, cn.seq);
	p->stats.messages++;

	/* Threads are not processes: only events of a thread group's leader count. */
	switch (ev.what) {
	case PROC_EVENT_NONE:
		p->acked = true;
		log_debug("Process tracking: the kernel confirmed the subscription");
		break;
	case PROC_EVENT_FORK:
		if (ev.event_data.fork.child_pid == ev.event_data.fork.child_tgid)
			vrrp_proc_set_fork(&p->set, ev.event_data.fork.parent_tgid,
					   ev.event_data.fork.child_tgid, now);
		break;
	case PROC_EVENT_EXEC:
		if (ev.event_data.exec.process_pid == ev.event_data.exec.process_tgid)
			handle_exec(p, ev.event_data.exec.process_tgid);
		break;
	case PROC_EVENT_COMM:
		if (ev.event_data.comm.process_pid == ev.event_data.comm.process_tgid) {
			char comm[sizeof(ev.event_data.comm.comm) + 1];

			memcpy(comm, ev.event_data.comm.comm, sizeof(ev.event_data.comm.comm));
			comm[sizeof(comm) - 1] = '\0';
			vrrp_proc_set_comm(&p->set, ev.event_data.comm.process_tgid, comm, now);
		}
		break;
	case PROC_EVENT_EXIT:
		if (ev.event_data.exit.process_pid == ev.event_data.exit.process_tgid)
			vrrp_proc_set_exit(&p->set, ev.event_data.exit.process_tgid, now);
		break;
	default:
		break;
	}
	quorum_timer_arm(p);
	return 0;
}

/* Everything waiting on the socket; ENOBUFS means events were lost. */
static void
socket_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	/* Aligned for the netlink header; one event per datagram, with room to spare. */
	union {
		struct nlmsghdr nlh;
		char bytes[1024];
	} buf;
	struct vrrp_proc *p = arg;

	(void)loop, (void)events;
	for (int i = 0; i < PROC_READS_PER_CALL; i++) {
		struct sockaddr_nl from;
		struct iovec iov = { &buf, sizeof(buf) };
		struct msghdr msg = { .msg_name = &from,
				      .msg_namelen = sizeof(from),
				      .msg_iov = &iov,
				      .msg_iovlen = 1 };
		ssize_t n = recvmsg(fd, &msg, 0);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				p->stats.overflows++;
				/*
				 * One rescan covers every loss before it: re-arming
				 * here would put it off for as long as losses go on.
				 */
				if (!ev_timer_active(&p->rescan_timer)) {
					log_info("Process tracking: events lost (receive buffer "
						 "full); counting again in 1 s");
					ev_timer_start_in(p->loop, &p->rescan_timer,
							  PROC_RESCAN_DELAY_US);
				}
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("Process tracking: receive");
			return;
		}
		/* Only the kernel (port 0) speaks for the connector. */
		if (msg.msg_namelen != sizeof(from) || from.nl_pid != 0) {
			drop(p, "not from the kernel");
			continue;
		}
		vrrp_proc_input(p, &buf, (size_t)n);
	}
}

/* The socket -------------------------------------------------------------------- */

static int
send_listen(int fd, bool listen)
{
	/* cn_msg ends in a flexible array: the request is laid out by hand. */
	union {
		struct nlmsghdr nlh;
		char bytes[NLMSG_HDRLEN + sizeof(struct cn_msg) + sizeof(uint32_t)];
	} req;
	struct nlmsghdr nlh = { .nlmsg_len = sizeof(req.bytes), .nlmsg_type = NLMSG_DONE };
	struct cn_msg cn = { .id = { CN_IDX_PROC, CN_VAL_PROC }, .len = sizeof(uint32_t) };
	uint32_t op = listen ? PROC_CN_MCAST_LISTEN : PROC_CN_MCAST_IGNORE;

	memset(&req, 0, sizeof(req));
	memcpy(req.bytes, &nlh, sizeof(nlh));
	memcpy(req.bytes + NLMSG_HDRLEN, &cn, sizeof(cn));
	memcpy(req.bytes + NLMSG_HDRLEN + sizeof(cn), &op, sizeof(op));
	return send(fd, req.bytes, sizeof(req.bytes), 0) == (ssize_t)sizeof(req.bytes) ? 0 : -1;
}

static int
connector_open(struct vrrp_proc *p)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };

	p->fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR);
	if (p->fd == -1) {
		log_warn("Process tracking: cannot open the process events connector "
			 "(CONFIG_PROC_EVENTS?); tracked processes count as not running");
		return -1;
	}
	if (bind(p->fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		log_warn("Process tracking: cannot bind the process events connector; "
			 "tracked processes count as not running");
		goto error;
	}
	if (p->rcvbuf > 0)
		set_rcvbuf(p, p->rcvbuf);
	/* Outside the initial network namespace the kernel refuses (ECONNREFUSED). */
	if (send_listen(p->fd, true) == -1) {
		log_warn("Process tracking: cannot subscribe to the kernel's process events "
			 "(CAP_NET_ADMIN and the initial network namespace are needed); tracked "
			 "processes count as not running");
		goto error;
	}
	if (ev_fd_add(p->loop, p->fd, EV_READ, socket_cb, p) == -1) {
		log_warn("Process tracking: cannot watch the connector");
		send_listen(p->fd, false);
		goto error;
	}
	p->connected = true;
	return 0;

error:
	close(p->fd);
	p->fd = -1;
	return -1;
}

/* Life -------------------------------------------------------------------------- */

struct vrrp_proc *
vrrp_proc_new(struct ev_loop *loop, const struct vrrp_track_process_conf *list,
	      const struct vrrp_proc_opts *opts, vrrp_proc_change_fn change, void *arg)
{
	static const struct vrrp_proc_opts defaults;
	struct vrrp_proc *p = calloc(1, sizeof(*p));
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);

	if (p == NULL)
		return NULL;
	if (opts == NULL)
		opts = &defaults;
	p->loop = loop;
	p->fd = -1;
	p->rcvbuf = opts->rcvbuf;
	p->rcvbuf_force = opts->rcvbuf_force;
	p->bad_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(10 * 1000000u, 5);
	snprintf(p->root, sizeof(p->root), "%s",
		 opts->proc_root != NULL ? opts->proc_root : "/proc");
	ev_timer_init(&p->quorum_timer, quorum_timer_cb, p);
	ev_timer_init(&p->rescan_timer, rescan_timer_cb, p);
	ev_timer_init(&p->ack_timer, ack_timer_cb, p);
	if (vrrp_proc_set_init(&p->set, list, change, arg) == -1)
		goto error;
	p->ncpus = ncpus > 0 ? (size_t)ncpus : 0;
	p->cpu_seq = malloc((p->ncpus + 1) * sizeof(p->cpu_seq[0]));
	p->cmdline_buf = malloc(p->set.cmdline_max + 1);
	if (p->cpu_seq == NULL || p->cmdline_buf == NULL)
		goto error;
	for (size_t i = 0; i < p->ncpus; i++)
		p->cpu_seq[i] = -1;
	if (p->set.ntrackers == 0)
		return p;
	/* Subscribe first, so that nothing between the scan and the events is lost. */
	if (!opts->no_connector) {
		if (connector_open(p) == -1)
			return p; /* as keepalived: no scan, nothing counts */
		ev_timer_start_in(loop, &p->ack_timer, PROC_ACK_WAIT_US);
	}
	proc_scan(p, true);
	return p;

error:
	vrrp_proc_free(p);
	return NULL;
}

void
vrrp_proc_free(struct vrrp_proc *p)
{
	if (p == NULL)
		return;
	if (p->fd != -1) {
		if (p->connected) {
			ev_fd_del(p->loop, p->fd);
			send_listen(p->fd, false);
		}
		close(p->fd);
	}
	ev_timer_stop(p->loop, &p->quorum_timer);
	ev_timer_stop(p->loop, &p->rescan_timer);
	ev_timer_stop(p->loop, &p->ack_timer);
	vrrp_proc_set_fini(&p->set);
	free(p->cpu_seq);
	free(p->cmdline_buf);
	free(p);
}

int
vrrp_proc_rescan(struct vrrp_proc *p)
{
	int rc = proc_scan(p, false);

	quorum_timer_arm(p);
	return rc;
}

const struct vrrp_proc_set *
vrrp_proc_trackers(const struct vrrp_proc *p)
{
	return &p->set;
}

bool
vrrp_proc_up(const struct vrrp_proc *p, const char *name)
{
	int i = vrrp_proc_set_find(&p->set, name);

	return i >= 0 && p->set.trackers[i].up;
}

const struct vrrp_proc_stats *
vrrp_proc_stats(const struct vrrp_proc *p)
{
	return &p->stats;
}

bool
vrrp_proc_connected(const struct vrrp_proc *p)
{
	return p->connected;
}
