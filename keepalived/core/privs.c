/*
 * Dropping capabilities. The daemon needs, after start-up: CAP_NET_ADMIN
 * (addresses, routes, socket buffer sizes), CAP_NET_RAW (raw and packet
 * sockets, SO_BINDTODEVICE, reopened when interfaces come back and on
 * reload), CAP_NET_BIND_SERVICE (a low metrics port), CAP_SETUID/CAP_SETGID
 * (scripts run as another user) and CAP_KILL (stopping scripts that run as
 * another user). Everything else (CAP_SYS_ADMIN, CAP_DAC_OVERRIDE,
 * CAP_SYS_MODULE...) goes from the permitted set, so a bug in the daemon
 * cannot use it.
 *
 * Scripts are not affected: for a process whose uid is 0, execve() gives the
 * new program the bounding set as its permitted set, whatever the caller's
 * permitted set was, and the bounding set is not touched here.
 */
#include "privs.h"

#include <linux/capability.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/log.h"

static const int privs_keep[] = {
	CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BIND_SERVICE, CAP_SETUID, CAP_SETGID, CAP_KILL,
};

int
privs_drop(void)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	size_t i;

	memset(&hdr, 0, sizeof(hdr));
	memset(data, 0, sizeof(data));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &hdr, data) == -1) {
		log_warn("%s: capget", __func__);
		return -1;
	}
	{
		uint32_t keep[_LINUX_CAPABILITY_U32S_3] = { 0 };

		for (i = 0; i < sizeof(privs_keep) / sizeof(privs_keep[0]); i++)
			keep[CAP_TO_INDEX(privs_keep[i])] |= CAP_TO_MASK(privs_keep[i]);
		for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
			data[i].permitted &= keep[i];
			data[i].effective &= keep[i];
			data[i].inheritable &= keep[i];
		}
	}
	if (syscall(SYS_capset, &hdr, data) == -1) {
		log_warn("%s: capset", __func__);
		return -1;
	}
	log_debug("capabilities reduced to net_admin, net_raw, net_bind_service, setuid, "
		  "setgid, kill");
	return 0;
}
