/*
 * Running configured programs (vrrp_script, notify scripts, FIFO readers)
 * the way keepalived does: checked once at start-up (found, executable by
 * the user it runs as, and with enable_script_security not replaceable by
 * anyone but root when it runs as root), then started with execve() as that
 * user, in its own process group, with the daemon's event loop reaping it.
 *
 * For a program that runs as root, the check walks every directory and
 * every link of the configured path (lib/path_check.h), and what is
 * executed from then on is the resolved path that was checked, never the
 * configured one: swapping a link after the check changes nothing. A link
 * root re-points takes effect at the next reload.
 */
#ifndef VRRP_EXEC_H
#define VRRP_EXEC_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct ev_loop;
struct vrrp_cmd;
struct vrrp_track_conf;

/* The user scripts run as unless they name one (global_defs script_user). */
struct vrrp_exec_defaults {
	bool have; /* false: enable_script_security and no user to default to */
	uid_t uid;
	gid_t gid;
	bool security;  /* enable_script_security */
	bool root_used; /* some script runs as root (for the SECURITY VIOLATION line) */
	/* have, uid and gid not looked up yet: the first script prepared does
	 * it, from user and group (script_user, script_group; empty:
	 * keepalived_script). */
	bool pending;
	char user[64];
	char group[64];
};

/* A command ready to run. */
struct vrrp_exec {
	const struct vrrp_cmd *cmd;
	char path[PATH_MAX]; /* what is executed: argv[0] found in PATH if it has no '/',
			      * without links if it runs as root (see above) */
	uid_t uid;
	gid_t gid;
	bool usable; /* false: disabled at start-up (the reason was logged) */
};

/* USER [GROUP] (group empty: the user's) to ids. 0, or -1 if either is unknown. */
int vrrp_exec_lookup_user(const char *user, const char *group, uid_t *uid, gid_t *gid);

/*
 * Resolve script_user (or keepalived_script, or root) as keepalived does,
 * when the first script needs it (vrrp_exec_prepare()), not here: the user
 * database (NSS: libnss_systemd and its libraries on Debian, about 0.7 MB
 * resident) is not loaded into a daemon that runs no script (issue 14), and
 * keepalived 2.2.7 does not look the user up then either.
 */
void vrrp_exec_defaults_init(struct vrrp_exec_defaults *d, const struct vrrp_track_conf *t);

/*
 * Check cmd and fill x. kind and name make the log lines keepalived writes
 * ("Disabling track script chk since not found/accessible"): kind is
 * "track script", "notify script" or "notify FIFO script". Returns 0 if
 * usable, -1 if disabled.
 */
int vrrp_exec_prepare(struct vrrp_exec *x, const struct vrrp_cmd *cmd, struct vrrp_exec_defaults *d,
		      const char *kind, const char *name);

/*
 * Called with the exit status when a started program ends (timed_out:
 * killed at its timeout). exec_errno is 0 if it was executed, else why it
 * could not be (its set-up as its user or execve() failed: status is then
 * the child's 127): the "cannot be started" a caller used to get from
 * vrrp_exec_start() itself, which no longer waits for the child's execve().
 */
typedef void (*vrrp_exec_done_fn)(void *owner, pid_t pid, int status, bool timed_out,
				  int exec_errno);

struct vrrp_exec_child;

/*
 * Start x with extra words appended to its arguments. With done, the loop
 * reports the exit (after timeout_us, 0 = none, the process group is
 * killed); *child (if not NULL) can then detach the report. Without done
 * the child is only reaped (and a failure to execute it logged as a notify
 * script's, as keepalived's checker does). Returns the pid, or -1 with errno set (only
 * when it could not fork: whether the program could be executed comes with
 * done). The loop spends only a fork() here, never waits for the child.
 */
pid_t vrrp_exec_start(struct ev_loop *loop, const struct vrrp_exec *x, const char *const *extra,
		      size_t nextra, uint64_t timeout_us, vrrp_exec_done_fn done, void *owner,
		      struct vrrp_exec_child **child);
/* The owner goes away: the child's group gets signo (0: none) and the exit is not reported. */
void vrrp_exec_detach(struct vrrp_exec_child *child, int signo);

#endif
