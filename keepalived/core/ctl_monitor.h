/*
 * `keepalivectl monitor`: the VRRP segment monitor (vrrp_segmon.h) on a live
 * interface or a capture file. argv[0] is "monitor".
 * Returns keepalivectl's exit status (0, 2 usage, 4 not permitted, 5 the
 * capture failed).
 */
#ifndef CTL_MONITOR_H
#define CTL_MONITOR_H

int ctl_monitor_main(int argc, char *argv[]);

#define CTL_MONITOR_USAGE "monitor IFACE [--json] | monitor --read FILE [--json]"

#endif
