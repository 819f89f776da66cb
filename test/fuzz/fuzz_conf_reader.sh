#!/bin/sh
# make check: fuzz_conf_reader for FUZZ_CHECK_TIME seconds (default 30); see run.sh.
exec "$top_srcdir/test/fuzz/run.sh" fuzz_conf_reader "${FUZZ_CHECK_TIME:-30}" check
