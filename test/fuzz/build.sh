#!/bin/sh
# Build one libFuzzer target with clang from a list of sources (make fuzz).
#
#   CLANG=clang FUZZ_LIBS='-lfoo ...' \
#     build.sh OUTPUT SRCDIR 'EXCLUDED.c ...' 'FILE ...' CFLAG...
#
# The compiler flags come last, one argument each, so that quoted defines
# (-DSYSCONFDIR='"/etc"') reach clang as make wrote them.
# FILE... may name headers too (the automake source lists do); only the .c
# files are compiled, minus the excluded ones, which the target replaces
# with its own seams. Paths are relative to SRCDIR unless absolute. The
# objects go to OUTPUT.o.d/, so that only changed files are compiled again.
set -e
out=$1 srcdir=$2 excluded=$3 files=$4
shift 4
# Whether file $1 was modified after $2 (POSIX test has no -nt).
newer() {
	[ -n "$(find "$1" -prune -newer "$2" 2>/dev/null)" ]
}
objdir=$out.o.d
mkdir -p "$objdir"
objs=
for f in $files; do
	case $f in
	*.c) ;;
	*) continue ;;
	esac
	skip=
	for x in $excluded; do
		[ "$f" = "$x" ] && skip=1
	done
	[ -n "$skip" ] && continue
	case $f in
	/*) src=$f ;;
	*) src=$srcdir/$f ;;
	esac
	obj=$objdir/$(printf '%s' "$f" | tr '/' '_' | sed 's/\.c$/.o/')
	# A header change is caught by the depfile clang writes next to the object.
	stale=
	if [ ! -f "$obj" ] || newer "$src" "$obj"; then
		stale=1
	elif [ -f "$obj.d" ]; then
		# shellcheck disable=SC2013 # words: the depfile lists paths without spaces
		for dep in $(sed -e 's/\\$//' -e 's/^[^:]*://' "$obj.d"); do
			if newer "$dep" "$obj"; then
				stale=1
				break
			fi
		done
	fi
	if [ -n "$stale" ]; then
		$CLANG "$@" -MMD -MF "$obj.d" -c "$src" -o "$obj"
	fi
	objs="$objs $obj"
done
# shellcheck disable=SC2086
$CLANG "$@" -o "$out" $objs $FUZZ_LIBS
