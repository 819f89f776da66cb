# shellcheck shell=sh
# Helpers of the tests that run this daemon and Debian's keepalived 2.2.7
# through the same steps and compare what they log, each in its directory
# DIR (DIR/log: the daemon's console log; DIR/runs: a line per run of a
# tracking script that appends one). Sourced after lib.sh.

# KA (VH_KA, else /usr/sbin/keepalived: skipped without it) and KEEPALIVED (built).
cmp_init() {
	KA=${VH_KA:-/usr/sbin/keepalived}
	[ -x "$KA" ] || { echo "SKIP: $KA not found"; exit 77; }
	KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
	[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
}

# The daemon of a kind: ours, or keepalived.
cmp_bin() { # KIND
	if [ "$1" = ours ]; then echo "$KEEPALIVED"; else echo "$KA"; fi
}

has_line() { grep -q "$2" "$1/log"; } # DIR RE
runs() { [ -f "$1/runs" ] && wc -l <"$1/runs" || echo 0; } # DIR
runs_at_least() { [ "$(runs "$1")" -ge "$2" ]; } # DIR N

# The lines of a console log (a file, or standard input) without their time stamps.
log_strip() { # [FILE]
	sed 's/^[A-Z][a-z]* [A-Z][a-z]* *[0-9]* [0-9:]* [0-9]*: //' "$@"
}
