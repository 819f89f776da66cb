/*
 * Privileges: once the sockets are open, the daemon keeps only the
 * capabilities its running work, reload included, needs. privs.c says
 * which, why each, and what the drop does and does not protect against.
 */
#ifndef CORE_PRIVS_H
#define CORE_PRIVS_H

#include <stdbool.h>

/* Reduce the permitted and effective capability sets to those the daemon
 * needs from now on, and empty the inheritable set. The bounding set is
 * left alone, so scripts executed as root still start with every
 * capability it holds. 0, or -1 (logged). */
/* sys_nice: CAP_SYS_NICE is kept too (max_auto_priority raises the priority later). */
int privs_drop(bool sys_nice);

#endif
