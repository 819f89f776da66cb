/*
 * Privileges: once the sockets are open, the daemon keeps only the
 * capabilities its running work needs.
 */
#ifndef CORE_PRIVS_H
#define CORE_PRIVS_H

/* Reduce the permitted and effective capability sets to those the daemon
 * needs from now on. The bounding set is left alone, so scripts executed as
 * root still start with every capability. 0, or -1 (logged). */
int privs_drop(void);

#endif
