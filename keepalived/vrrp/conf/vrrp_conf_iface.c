/*
 * The interface keywords (vrrp_conf_iface.h): parsing only.
 */
#include "config.h"

#include "keepalived/vrrp/conf/vrrp_conf_iface.h"

#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"

/* global_defs ------------------------------------------------------------------------ */

int
vrrp_iface_global_keyword(struct cfg_reader *r, int argc, char *argv[], struct vrrp_iface_conf *ic)
{
	if (strcmp(argv[0], "dynamic_interfaces") != 0) {
		cfg_error(r, "%s: not an interface keyword of global_defs", argv[0]);
		return -1;
	}
	if (cfg_check_argc(r, argc, argv, 0, 1) == -1)
		return -1;
	if (argc == 2 && strcmp(argv[1], "allow_if_changes") != 0) {
		cfg_warn(r, "dynamic_interfaces: unknown option '%s' - ignoring", argv[1]);
		return 0;
	}
	ic->dynamic = true;
	ic->allow_if_changes = argc == 2;
	return 0;
}

/* vrrp_instance ---------------------------------------------------------------------- */

/* clang-format off */
const struct cfg_keyword vrrp_iface_instance_keywords[] = {
	CFG_KEYWORD_END,
};
/* clang-format on */
