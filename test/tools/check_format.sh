#!/bin/sh
# The tree's C files are as .clang-format lays them out, and no line is
# wider than 100 columns (tabs 8 wide). Skips (77) without clang-format.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 99
command -v clang-format >/dev/null 2>&1 || { echo "no clang-format: skipped"; exit 77; }
files=$(find lib keepalived test -name '*.[ch]' | sort)
bad=0
# shellcheck disable=SC2086
if ! clang-format --style=file --dry-run --Werror $files >"${TMPDIR:-/tmp}/check_format.$$" 2>&1; then
	grep 'error:' "${TMPDIR:-/tmp}/check_format.$$" | head -n 20
	echo "clang-format would change the files above: run clang-format -i --style=file on them"
	bad=1
fi
rm -f "${TMPDIR:-/tmp}/check_format.$$"
for f in $files; do
	expand -t8 "$f" | awk -v f="$f" 'length($0) > 100 { print f ":" FNR ": " length($0) " columns"; n++ }
		END { exit n > 0 }' || bad=1
done
[ "$bad" -eq 0 ] && echo "format: every file as .clang-format says, no line over 100 columns"
exit "$bad"
