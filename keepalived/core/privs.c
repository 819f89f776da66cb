/*
 * Privileges: what the daemon keeps once it runs, and why.
 *
 * The model. The daemon stays uid 0 and, once started, keeps in its
 * permitted and effective sets exactly the capabilities listed in
 * privs_keep[] below, each for the work named next to it; its inheritable
 * set is emptied. The bounding set is left alone.
 *
 * Why uid 0 and not a real drop to another user: scripts (vrrp_script,
 * notify*, the FIFO readers) run as root unless script_user or their own
 * user says otherwise, as in keepalived, and a process can only start a
 * root program that has root's powers if it is itself root with those
 * powers in its bounding set. For the same reason this drop is a guard
 * against the daemon's own mistakes (a wrong path or argument cannot load a
 * module, mount, trace another process, reboot, change the clock or reach
 * I/O ports), not
 * a wall against a daemon taken over: such a daemon may execve() a root
 * program and get the bounding set back. The wall is the service manager's:
 * keepalived.service sets CapabilityBoundingSet= to the same list (so root
 * scripts get no more than the daemon keeps) and NoNewPrivileges=yes (so no
 * setuid or file-capability program can add to it), with its other
 * sandboxing options, each argued there.
 *
 * Why two file capabilities stay. Reload reads everything again after the
 * drop, and the files it reaches are often not root's: scripts, notify
 * FIFOs and track files kept in a 0700 directory of the user the scripts
 * run as. Without CAP_DAC_OVERRIDE a reload cannot look them up (scripts
 * are disabled, track files go unread and unwatched), open a FIFO that
 * belongs to the script user (mode 0600), make a FIFO or an init_file in
 * that user's directory, or run a root script kept there. Without
 * CAP_CHOWN a FIFO made on reload stays root's, and its reader, running as
 * the script user, cannot open it. Both were missing before, which is why
 * the FIFO chown, and everything else in such directories, broke after a
 * reload (test/integration/sec_privs.sh shows each failure when either is
 * taken out).
 *
 * What is not kept, though it looks related: CAP_DAC_READ_SEARCH, because
 * CAP_DAC_OVERRIDE already searches and reads any directory and reads any
 * file, and all it would add is open_by_handle_at(), a known way out of a
 * confined tree; CAP_FOWNER, because nothing the daemon does after start-up
 * acts on a file it does not own (a chown needs CAP_CHOWN only). The one
 * visible effect: a dump (keepalived.data, .stats, .json) cannot replace a
 * file of that name that another user left in /tmp, which is sticky; the
 * dump fails with a log line and keepalivectl shows the same data.
 *
 * Scripts are not affected by the drop itself: for a process whose uid is
 * 0, execve() gives the new program its bounding set as permitted set,
 * whatever the caller's permitted set was (unless NoNewPrivileges= is set,
 * when it gets no more than the caller's: the unit's bounding set equals
 * privs_keep[], so root scripts see the same under either).
 */
#include "privs.h"

#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/log.h"

/* clang-format off */
static const struct {
	int cap;
	const char *name;
	bool on_request; /* kept only when privs_drop() is asked to */
} privs_keep[] = {
	/* addresses, routes, rules, VMACs over netlink; socket buffer sizes */
	{ CAP_NET_ADMIN, "net_admin", false },
	/* raw VRRP/AH and packet (GARP/NA) sockets, SO_BINDTODEVICE; reopened on reload */
	{ CAP_NET_RAW, "net_raw", false },
	/* a metrics_listen port below 1024, moved on reload */
	{ CAP_NET_BIND_SERVICE, "net_bind_service", false },
	/* scripts run as script_user or their own user: setgroups, setgid, setuid */
	{ CAP_SETUID, "setuid", false },
	{ CAP_SETGID, "setgid", false },
	/* stopping (timeout, reload, exit) scripts that run as another user */
	{ CAP_KILL, "kill", false },
	/* giving a notify FIFO made on reload to its user */
	{ CAP_CHOWN, "chown", false },
	/* scripts, FIFOs, track files (init_file), includes in other users' 0700 directories */
	{ CAP_DAC_OVERRIDE, "dac_override", false },
	/* max_auto_priority: real-time scheduling set when the loop runs late */
	{ CAP_SYS_NICE, "sys_nice", true },
};
/* clang-format on */

#define PRIVS_NKEEP (sizeof(privs_keep) / sizeof(privs_keep[0]))

int
privs_drop(bool sys_nice)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	uint32_t keep[_LINUX_CAPABILITY_U32S_3] = { 0 };
	char names[256];
	size_t i, len = 0;

	memset(&hdr, 0, sizeof(hdr));
	memset(data, 0, sizeof(data));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &hdr, data) == -1) {
		log_warn("%s: capget", __func__);
		return -1;
	}
	for (i = 0; i < PRIVS_NKEEP; i++)
		if (!privs_keep[i].on_request || sys_nice)
			keep[CAP_TO_INDEX(privs_keep[i].cap)] |= CAP_TO_MASK(privs_keep[i].cap);
	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		data[i].permitted &= keep[i];
		data[i].effective &= keep[i];
		data[i].inheritable = 0;
	}
	if (syscall(SYS_capset, &hdr, data) == -1) {
		log_warn("%s: capset", __func__);
		return -1;
	}
	names[0] = '\0';
	for (i = 0; i < PRIVS_NKEEP && len < sizeof(names); i++)
		if (!privs_keep[i].on_request || sys_nice)
			len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
						i ? ", " : "", privs_keep[i].name);
	log_debug("capabilities reduced to %s", names);
	return 0;
}
