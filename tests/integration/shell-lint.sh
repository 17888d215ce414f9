#!/bin/sh
# The project's shell scripts pass shellcheck at severity warning: the
# installer and the quick start's check, CI's script, the tests and their
# libraries.  (Generated launchers are checked by container-launcher.sh and
# the benchmark's scripts by bench-scripts.sh.)  Skipped without shellcheck.
set -u
SRC=${GXSYS_SRC:-$(pwd)}
command -v shellcheck >/dev/null 2>&1 || {
	echo "shellcheck is not installed"
	exit 77
}
cd "$SRC" || exit 1
# shellcheck disable=SC2046 # one word per file name: none has white space
shellcheck -S warning -x scripts/install-deps scripts/check-quickstart .ci/run \
	$(ls tests/integration/*.sh tests/lib/*.sh) || {
	echo "FAIL: shellcheck"
	exit 1
}
echo "ok: shellcheck"
