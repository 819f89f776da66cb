#!/bin/sh
# init of the user-mode Linux guest that uml_run.sh boots. Not for use
# anywhere else: it mounts over / and powers the machine off.
#
# The kernel gives it, as environment variables:
#   UML_MODDIR   the package's module folder (/usr/lib/uml/modules/VERSION)
#   UML_RESULTS  host folder for job, output, status, booted (shared)
#   UML_SHARES   colon-separated host folders mounted read-write, same path
#   UML_JOB_TIMEOUT  seconds the job may run (then TERM, KILL 2 s later), so
#                the guest ends even when the host side died
#
# Stage 1 runs on this machine's root, read-only through hostfs: it lays a
# tmpfs overlay over it and moves in with chroot. Stage 2 mounts the usual
# virtual file systems and the shares, loads ip_vs, runs the job and powers
# off. Every command here is a fork and exec, about 70 ms in the guest, so
# this stays short.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

poweroff_now() {
	sync
	echo o >/proc/sysrq-trigger 2>/dev/null
	sleep 5
	poweroff -f -f
}

if [ "${1:-}" != stage2 ]; then
	mount -t proc proc /proc
	insmod "$UML_MODDIR/kernel/fs/overlayfs/overlay.ko" || poweroff_now
	mount -t tmpfs -o mode=0755 tmpfs /run || poweroff_now
	mkdir /run/upper /run/work /run/root
	mount -t overlay overlay -o lowerdir=/,upperdir=/run/upper,workdir=/run/work /run/root ||
		poweroff_now
	exec chroot /run/root /bin/sh "$0" stage2
fi

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /dev/shm /lib/modules
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
ln -sfn "$UML_MODDIR" "/lib/modules/${UML_MODDIR##*/}"

# A write through the overlay would land in the guest's tmpfs and be lost:
# the shares are mounted read-write over their read-only view. (/tmp is
# left to the overlay, so that shares under /tmp stay visible.)
IFS=:
for dir in $UML_SHARES; do
	mount -t hostfs hostfs "$dir" -o "$dir" || echo "guest_init: cannot share $dir" >&2
done
unset IFS
[ -d "$UML_RESULTS" ] || poweroff_now
# The guest's uptime when the job can start: the boot time.
read -r uptime _ </proc/uptime
echo "$uptime" >"$UML_RESULTS/booted"

ip link set lo up
if modprobe ip_vs; then
	timeout -k 2 "${UML_JOB_TIMEOUT:-600}" /bin/sh "$UML_RESULTS/job" \
		>"$UML_RESULTS/output" 2>&1 </dev/null
	echo $? >"$UML_RESULTS/status"
else
	echo "guest_init: modprobe ip_vs failed" >"$UML_RESULTS/output"
	echo 77 >"$UML_RESULTS/status"
fi
poweroff_now
