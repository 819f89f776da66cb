#!/bin/sh
# The layering rule, as a test: every #include "..." of the daemon's own
# headers points to the same layer or one below. Layers, bottom to top:
#
#   0  lib/                         generic: event loop, logging, config reader
#   1  keepalived/vrrp/conf/        keepalived.conf's VRRP part   } no system
#   1  keepalived/vrrp/proto/       codec, state machine, AH     } calls
#   2  keepalived/vrrp/kernel/      sockets, netlink, VMAC, process spawning
#   3  keepalived/vrrp/run/         instances, daemon, reload, trackers, sync, notify
#   4  keepalived/vrrp/status/      the status model and its formats
#   5  keepalived/core/, keepalived/keepalivectl.c   process, CLI, control socket
#
# The health checker, keepalived/check/, has the same folders at the same
# layers: conf and proto 1, kernel 2, run 3, status 4, and core 5 (its
# process: started, supervised, reloaded).

#
# conf and proto share a layer (the codec checks adverts against an
# instance's configuration). Layers 0 and 1 also may not include the headers
# through which system calls are made (sockets, netlink, processes, files).
# Prints every violation as FILE:LINE: what, and exits 1 if there is one.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 99

layer_of() { # path -> layer number, or nothing for files outside the layers
	case $1 in
	lib/*) echo 0 ;;
	keepalived/vrrp/conf/* | keepalived/vrrp/proto/*) echo 1 ;;
	keepalived/check/conf/* | keepalived/check/proto/*) echo 1 ;;
	keepalived/vrrp/kernel/* | keepalived/check/kernel/*) echo 2 ;;
	keepalived/vrrp/run/* | keepalived/check/run/*) echo 3 ;;
	keepalived/vrrp/status/* | keepalived/check/status/*) echo 4 ;;
	keepalived/core/* | keepalived/check/core/* | keepalived/keepalivectl.c) echo 5 ;;
	esac
}

# Headers that exist for system calls (or a library that makes them) may not
# appear in layer 1; lib/ is allowed them: it is the event loop, logging and
# the file reader. Headers of constants and types (sys/socket.h for AF_INET,
# linux/rtnetlink.h for RT_SCOPE_*) are fine.
SYSCALL_HEADERS='sys/ioctl.h|sys/wait.h|sys/inotify.h|sys/signalfd.h|sys/epoll.h|sys/stat.h|fcntl.h|unistd.h|dirent.h|netdb.h|pwd.h|grp.h|netlink/.*|spawn.h'

files=$(find lib keepalived -name '*.[ch]' | sort)
[ -n "$files" ] || { echo "no sources found under $top"; exit 99; }
bad=0
for f in $files; do
	from=$(layer_of "$f")
	[ -n "$from" ] || continue
	dir=$(dirname "$f")
	# "#include "x"" lines with their line numbers.
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<]' "$f" | while IFS= read -r line; do
		n=${line%%:*}
		inc=$(printf '%s\n' "$line" | sed -n 's/^[0-9]*:[[:space:]]*#[[:space:]]*include[[:space:]]*["<]\([^">]*\)[">].*/\1/p')
		case $line in
		*'<'*'>'*)
			if [ "$from" -eq 1 ] && printf '%s\n' "$inc" | grep -Eqx "$SYSCALL_HEADERS"; then
				echo "$f:$n: <$inc> in a layer without system calls"
			fi
			continue ;;
		esac
		if [ -f "$dir/$inc" ]; then target="$dir/$inc"
		elif [ -f "$inc" ]; then target=$inc
		else continue # config.h and generated files
		fi
		target=$(printf '%s\n' "$target" | sed 's|^\./||')
		to=$(layer_of "$target")
		[ -n "$to" ] || continue
		if [ "$to" -gt "$from" ]; then
			echo "$f:$n: includes $target, a layer above ($from < $to)"
		fi
	done
done >"${TMPDIR:-/tmp}/check_layers.$$"
# The objects of layer 1 (libvrrpcore.a), when built: no system call, nor a
# libc or libnl function that makes one, among the symbols they use.
core_lib=${top_builddir:-.}/keepalived/vrrp/libvrrpcore.a
if [ -f "$core_lib" ]; then
	nm -u -A "$core_lib" 2>/dev/null | awk '{ print $1, $NF }' |
		grep -E ' (socket|bind|connect|accept4?|send|sendto|sendmsg|sendmmsg|recv|recvfrom|recvmsg|recvmmsg|setsockopt|getsockopt|open|open64|openat|creat|close|read|write|pread|pwrite|ioctl|fork|vfork|execve|execv|execvp|posix_spawnp?|waitpid|wait4|kill|mkfifo|unlink|rename|fopen|fopen64|opendir|stat|stat64|lstat|fstat|getpwnam|getpwuid|getgrnam|getprotobyname|inotify_[a-z_]+|epoll_[a-z_]+|clock_gettime|gettimeofday|time|nl_[a-z_]+|rtnl_[a-z_]+)$' |
		sed 's/^/system call in layer 1: /' >>"${TMPDIR:-/tmp}/check_layers.$$"
fi
if [ -s "${TMPDIR:-/tmp}/check_layers.$$" ]; then
	cat "${TMPDIR:-/tmp}/check_layers.$$"
	bad=1
fi
rm -f "${TMPDIR:-/tmp}/check_layers.$$"
[ "$bad" -eq 0 ] && echo "layers: every include points down or across"
exit "$bad"
