#!/bin/sh
# make check: fuzz_bfd_session for FUZZ_CHECK_TIME seconds (default 30); see run.sh.
# shellcheck disable=SC2154 # top_srcdir comes from make check
exec "$top_srcdir/test/fuzz/run.sh" fuzz_bfd_session "${FUZZ_CHECK_TIME:-30}" check
