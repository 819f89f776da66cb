/*
 * systemd's notification protocol (sd_notify(3)) without libsystemd: one
 * datagram of "KEY=VALUE" lines to the AF_UNIX socket named by
 * $NOTIFY_SOCKET, and the watchdog interval read from $WATCHDOG_USEC.
 * systemd documents the protocol as stable and meant to be spoken directly;
 * linking libsystemd for it cost the daemon seven shared libraries (libsystemd
 * pulls libgcrypt, libgpg-error, liblzma, liblz4, libzstd and libcap), about
 * 1 MB resident in every process (issue 14).
 */
#ifndef LIB_SD_NOTIFY_H
#define LIB_SD_NOTIFY_H

#include <stdint.h>

/*
 * Send STATE (for example "READY=1") to $NOTIFY_SOCKET: a path, or an
 * abstract socket when it starts with '@'.
 * Returns: 1 sent, 0 no $NOTIFY_SOCKET (not a Type=notify service), -1 on
 * error (errno set).
 */
int sdnotify_send(const char *state);

/*
 * The keep-alive interval systemd asks for (WatchdogSec=), when
 * $WATCHDOG_USEC is set and $WATCHDOG_PID, if set, names this process.
 * Returns: 1 and *usec set, 0 no watchdog for us, -1 a malformed value.
 */
int sdnotify_watchdog_usec(uint64_t *usec);

#endif
