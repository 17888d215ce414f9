#!/bin/sh
# The benchmark's scripts parse and pass shellcheck, and its timing helper
# builds warning-free and reports what it measured (format only: no speed
# is asserted).  Does not run the benchmark (`make bench` does).
set -eu
SRC=${GXSYS_SRC:-$(pwd)}
cd "$SRC"
for f in bench/run bench/inner.sh bench/gxsys.sh; do
	sh -n "$f"
done
if command -v shellcheck >/dev/null 2>&1; then
	shellcheck -x bench/run bench/inner.sh bench/gxsys.sh
else
	echo "shellcheck is not installed"
	exit 77
fi
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wwrite-strings -Werror -D_GNU_SOURCE -o "$d/timeit" bench/timeit.c

# A paired run: "ok N", nine numbers, medians within min..max, 0 kills.
out=$("$d/timeit" -n 3 -w 1 -r "$d/raw" -- true :: true)
echo "$out"
echo "$out" | awk '$1 != "ok" || $2 != 3 || NF != 12 || $12 != 0 { exit 1 }
	{ for (i = 3; i <= 9; i += 3) if (!($(i + 1) <= $i && $i <= $(i + 2))) exit 1 }'
[ "$(wc -l <"$d/raw")" = 3 ]

# A failing command is named, with its status, and the helper fails.
if out=$("$d/timeit" -n 2 -- true :: sh -c 'exit 3'); then
	echo "timeit succeeded with a failing command: $out"
	exit 1
fi
[ "$out" = "fail B exit status 3" ] || { echo "unexpected: $out"; exit 1; }
if out=$("$d/timeit" -n 2 -- /nonexistent/cmd :: true); then exit 1; fi
[ "$out" = "fail A exit status 127" ] || { echo "unexpected: $out"; exit 1; }
# A run over the time limit is killed with its whole process group.
if out=$("$d/timeit" -n 1 -w 0 -t 1 -- true :: sh -c 'sleep 30 & sleep 30; :'); then exit 1; fi
[ "$out" = "fail B did not exit within 1 s (killed)" ] || { echo "unexpected: $out"; exit 1; }
# Bad usage: status 2.
rc=0
"$d/timeit" -n 2 -- true 2>/dev/null || rc=$?
[ "$rc" = 2 ]
echo "bench scripts: ok"
