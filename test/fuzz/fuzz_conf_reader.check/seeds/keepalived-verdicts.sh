#!/bin/sh
# Check (or, with -w, rewrite) the first line of every fixture in conf-good/
# and conf-bad/: the verdict of the real `keepalived -t` (Debian's 2.2.7).
#
# keepalived checks that interfaces exist, so it runs in a network namespace
# holding eth0 and eth1 (a veth pair), as the fixtures expect. Needs root.
# The unit test reads these lines; it never runs keepalived itself.
#
# usage: keepalived-verdicts.sh [-w]
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
ns=cfg-verdicts-$$
write=no
[ "${1:-}" = -w ] && write=yes
command -v keepalived >/dev/null || { echo "keepalived is not installed" >&2; exit 77; }

cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
ip netns add "$ns"
ip -n "$ns" link add eth0 type veth peer name eth1
ip -n "$ns" link set eth0 up
ip -n "$ns" link set eth1 up

status=0
for f in "$here"/conf-good/*.conf "$here"/conf-bad/*.conf; do
	out=$(ip netns exec "$ns" keepalived -t -f "$f" 2>&1) && rc=0 || rc=$?
	if [ "$rc" = 0 ]; then
		verdict="# keepalived 2.2.7 -t: accept"
	else
		first=$(printf '%s\n' "$out" | sed -n '1{s#^(.*: Line \([0-9]*\)) #line \1: #;s#^(Line \([0-9]*\)) #line \1: #;p}')
		verdict="# keepalived 2.2.7 -t: reject (exit $rc): $first"
	fi
	recorded=$(head -n 1 "$f")
	if [ "$recorded" != "$verdict" ]; then
		if [ "$write" = yes ]; then
			{ printf '%s\n' "$verdict"; tail -n +2 "$f"; } > "$f.new" && mv "$f.new" "$f"
			echo "updated ${f#"$here"/}"
		else
			printf '%s\n  recorded: %s\n  now:      %s\n' "${f#"$here"/}" "$recorded" "$verdict"
			status=1
		fi
	fi
done
exit $status
