#!/bin/sh
# bench/inner.sh: the benchmark proper, run by bench/run inside a private
# mount namespace of its own (so its mounts die with it), with T (a fresh
# temporary directory), SRC (the source tree) and B (the build directory)
# set.  Writes the tables to BENCH_OUT and prints them.
# Word splitting of $UNSHARE, $BWRAP_ROOT and "set -- $list" is wanted:
# shellcheck disable=SC2086
set -eu

ROUNDS=${BENCH_ROUNDS:-30}
[ "$ROUNDS" -ge 20 ] || ROUNDS=20
WARMUP=${BENCH_WARMUP:-3}
SAMPLES=${BENCH_SAMPLES:-5}
OUT=${BENCH_OUT:-$SRC/bench/results.md}
CONTAINERS=${BENCH_CONTAINERS:-1 10 50}
STOP_GRACE=10 # seconds from SIGTERM to SIGKILL when stopping containers
TIMEIT=$B/bench/timeit
GXSYS=$B/gxsys
INIT=$B/gxsys-init
LOGS=$T/logs
ROWS=$T/rows
mkdir -p "$LOGS" "$ROWS"
: >"$T/notes"

# ---- our own processes: started in the background, stopped at exit ----
pids=""
track() { pids="$pids $1"; }
stop_pid() { # PID: TERM, up to 10 s, then KILL it and everything below it
	top=$1
	kill -0 "$top" 2>/dev/null || return 0
	tree="$top $(below "$top")"
	kill -TERM "$top" 2>/dev/null || :
	i=0
	while [ "$i" -lt 100 ] && kill -0 "$top" 2>/dev/null &&
		[ "$(cut -d' ' -f3 "/proc/$top/stat" 2>/dev/null)" != Z ]; do
		sleep 0.1
		i=$((i + 1))
	done
	for q in $tree; do kill -KILL "$q" 2>/dev/null || :; done
	wait "$top" 2>/dev/null || :
}
below() { # PID: every process below PID, parents first
	queue=$(cat /proc/"$1"/task/*/children 2>/dev/null)
	while set -- $queue && [ $# -gt 0 ]; do
		p=$1
		shift
		echo "$p"
		queue="$* $(cat /proc/"$p"/task/*/children 2>/dev/null)"
	done
}
# stop_all PID...: SIGTERM to each, up to STOP_GRACE s for all of them
# together, then SIGKILL to whatever is left of their trees.
stop_all() {
	trees=""
	for l in "$@"; do trees="$trees $l $(below "$l")"; done
	for l in "$@"; do kill -TERM "$l" 2>/dev/null || :; done
	w=0 left=1
	while [ $w -lt $((STOP_GRACE * 10)) ] && [ -n "$left" ]; do
		left=""
		for l in "$@"; do
			if kill -0 "$l" 2>/dev/null && [ "$(cut -d' ' -f3 "/proc/$l/stat" 2>/dev/null)" != Z ]; then
				left="$left $l"
			fi
		done
		[ -z "$left" ] || sleep 0.1
		w=$((w + 1))
	done
	if [ -n "$left" ]; then
		note "$# containers: $(echo $left | wc -w) still ran ${STOP_GRACE}s after SIGTERM and were killed (SIGKILL)."
	fi
	for q in $trees; do kill -KILL "$q" 2>/dev/null || :; done
	for l in "$@"; do wait "$l" 2>/dev/null || :; done
}
inner_cleanup() {
	trap - EXIT INT TERM HUP
	live=""
	for p in $pids; do
		if kill -0 "$p" 2>/dev/null; then live="$live $p"; fi
	done
	[ -z "$live" ] || stop_all $live
	gxsys_cleanup
	# nspawn leaves its per-machine propagation directory behind when /run
	# is not a tmpfs; it is empty and ours.
	if [ -n "${MACHINE:-}" ]; then
		rmdir "/run/systemd/nspawn/propagate/$MACHINE" 2>/dev/null || :
	fi
	if [ -n "${NSPAWN_DIR_NEW:-}" ]; then
		rmdir /run/systemd/nspawn/propagate /run/systemd/nspawn/locks /run/systemd/nspawn 2>/dev/null || :
	fi
	# Mounts of ours are in this namespace only; undo them anyway, newest
	# first, before the directory is removed by bench/run.
	grep " $T" /proc/self/mountinfo | cut -d' ' -f5 | sort -r | while read -r m; do
		umount -l "$m" 2>/dev/null || :
	done
}
trap inner_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

note() { printf -- '- %s\n' "$*" >>"$T/notes"; }
say() { printf '%s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---- timed rows ----
# pair TABLE LABEL [-w WRAP] [-p PORT] [-n ROUNDS] [-W WARMUP] [-t TIMEOUT]
#      -- A [ARG...] :: B [ARG...]
# A paired row of TABLE.  WRAP (a command prefix) runs the whole pair inside
# it; PORT makes it a launch-to-first-HTTP-200 row.
slug() { printf '%s' "$1" | tr -c 'A-Za-z0-9' '_' | cut -c1-60; }
pair() {
	table=$1 label=$2 wrap="" port_opt="" rounds=$ROUNDS timeout=30 warmup=$WARMUP
	shift 2
	while [ "$1" != -- ]; do
		case $1 in
		-w) wrap=$2 ;;
		-p) port_opt="-p $2" timeout=30 ;;
		-n) rounds=$2 ;;
		-W) warmup=$2 ;;
		-t) timeout=$2 ;;
		esac
		shift 2
	done
	shift
	log=$LOGS/$(slug "$label").log
	say "bench: $label"
	# shellcheck disable=SC2086
	res=$($wrap "$TIMEIT" -n "$rounds" -w "$warmup" -t "$timeout" -l "$log" \
		-r "$log.raw" $port_opt -- "$@" 2>&1 | tail -n 1) || :
	# shellcheck disable=SC2086
	set -- $res
	case ${1:-} in
	ok)
		printf '| %s | %s (%s–%s) | %s (%s–%s) | **%s** (%s–%s) |\n' "$label" \
			"$(ms "$6")" "$(ms "$7")" "$(ms "$8")" "$(ms "$3")" "$(ms "$4")" "$(ms "$5")" \
			"$(x "$9")" "$(x "${10}")" "$(x "${11}")" >>"$ROWS/$table"
		if [ "${12:-0}" != 0 ]; then
			note "$label: in ${12} of $rounds measured runs, A or B was still running 3 s" \
				"after SIGTERM and was killed (SIGKILL to its process group)."
		fi
		;;
	fail)
		shift 2
		why="$*"
		if [ "$res" != "${res#fail A}" ]; then why="the baseline failed: $why"; fi
		last=$(grep -v '^[[:space:]]*$' "$log" 2>/dev/null | tail -n 1 | cut -c1-160 | tr '|' '/')
		not_measured "$table" "$label" "$why${last:+ (last output: $last)}"
		;;
	*) not_measured "$table" "$label" "the timing helper said: ${res:-nothing}" ;;
	esac
}
not_measured() { # TABLE LABEL WHY
	printf '| %s | not measured: %s | | |\n' "$2" "$3" >>"$ROWS/$1"
}
ms() { awk -v v="$1" 'BEGIN { if (v < 10) printf "%.2f", v; else printf "%.1f", v }'; }
x() { awk -v v="$1" 'BEGIN { printf "%.2f×", v }'; }

# ---- a minimal root file system and an OCI bundle for crun/runc/nspawn ----
# The host's /usr, bound read-only, with the merged-/usr links: every peer
# runs the same /usr/bin/true as the baseline.
make_rootfs() {
	R=$T/root
	mkdir -p "$R/usr" "$R/proc" "$R/dev" "$R/sys" "$R/tmp" "$R/etc" "$R/run" "$R/var" "$R/root"
	for d in bin sbin lib lib64; do ln -s "usr/$d" "$R/$d"; done
	mount --bind /usr "$R/usr"
	mount -o remount,bind,ro,nosuid,nodev "$R/usr"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$R/etc/passwd"
	printf 'root:x:0:\n' >"$R/etc/group"
	: >"$R/etc/machine-id"
	if have crun || have runc; then
		mkdir -p "$T/bundle"
		(cd "$T/bundle" && { crun spec 2>/dev/null || runc spec; }) &&
			jq --arg r "$R" '.process.args = ["true"] | .process.terminal = false
				| .root.path = $r | .root.readonly = true | .hostname = "bench"' \
				"$T/bundle/config.json" >"$T/bundle/c.json" &&
			mv "$T/bundle/c.json" "$T/bundle/config.json"
	fi
}

UNSHARE="unshare --fork --pid --mount --uts --ipc --net --mount-proc"
UNSHARE_K="$UNSHARE --kill-child"
BWRAP_ROOT="--unshare-pid --unshare-ipc --unshare-net --unshare-uts --die-with-parent
	--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/sbin /sbin
	--symlink usr/lib /lib --symlink usr/lib64 /lib64 --proc /proc --dev /dev --tmpfs /tmp"

# crun 1.8 refuses hybrid cgroup hosts ("cgroups in hybrid mode not
# supported").  Then the pair runs in a private mount namespace from which
# the cgroup2 mounts are removed, so crun sees a cgroup v1 host; the
# baseline runs in the same namespace.
crun_wrap() {
	if crun --root "$T/crun" run --bundle "$T/bundle" gxbench-probe >"$LOGS/crun-probe.log" 2>&1; then
		echo ""
		return
	fi
	if grep -q 'hybrid' "$LOGS/crun-probe.log"; then
		cat >"$T/nocg2.sh" <<'EOF'
#!/bin/sh
findmnt -rn -t cgroup2 -o TARGET | sort -r | while read -r m; do umount "$m"; done
exec "$@"
EOF
		echo "unshare --mount --propagation private sh $T/nocg2.sh"
		return
	fi
	echo "failed"
}

startup_rows() {
	gxsys_startup_rows
	tbl=1-startup
	# What a launcher written in POSIX sh costs by itself: the baseline
	# behind a script that only execs it (the shell's start-up and the
	# second exec).  run-container is such a script in front of gxsys-init.
	printf '#!/bin/sh\nexec %s true\n' "$UNSHARE" >"$T/sh-unshare"
	chmod +x "$T/sh-unshare"
	pair $tbl "reference: the baseline behind a one-line POSIX sh script (\`exec unshare ... true\`)" -t 10 -- \
		$UNSHARE true :: "$T/sh-unshare"
	if have bwrap; then
		pair $tbl "bubblewrap $(bwrap --version | cut -d' ' -f2) (\`bwrap\`, same namespaces, host /usr)" -- \
			$UNSHARE true :: bwrap $BWRAP_ROOT true
	else
		not_measured $tbl "bubblewrap" "bwrap is not installed"
	fi
	if ! have crun; then
		not_measured $tbl "crun" "crun is not installed"
	else
		w=$(crun_wrap)
		case $w in
		failed) not_measured $tbl "crun" "crun fails here: $(tail -n 1 "$LOGS/crun-probe.log")" ;;
		"") pair $tbl "crun $(crun --version | sed -n 's/crun version //p')" -- $UNSHARE true :: \
			crun --root "$T/crun" run --bundle "$T/bundle" gxbench-crun ;;
		*)
			note "crun $(crun --version | sed -n 's/crun version //p') refuses this hybrid cgroup host" \
				"(\"$(tail -n 1 "$LOGS/crun-probe.log")\"): its pair (and its baseline) ran in a" \
				"private mount namespace without the cgroup2 mount, so crun ran in cgroup v1 mode."
			pair $tbl "crun $(crun --version | sed -n 's/crun version //p') (cgroup2 unmounted, see notes)" -w "$w" -- \
				$UNSHARE true :: crun --root "$T/crun" run --bundle "$T/bundle" gxbench-crun
			;;
		esac
	fi
	if have runc; then
		pair $tbl "runc $(runc --version | sed -n 's/runc version //p')" -- $UNSHARE true :: \
			runc --root "$T/runc" run --bundle "$T/bundle" gxbench-runc
	else
		not_measured $tbl "runc" "runc is not installed"
	fi
	if have systemd-nspawn; then
		[ -d /run/systemd/nspawn ] || NSPAWN_DIR_NEW=1
		MACHINE=gxbench-$$
		pair $tbl "systemd-nspawn $(systemd-nspawn --version | sed -n '1s/systemd \([0-9]*\).*/\1/p') (\`--register=no --keep-unit --private-network\`)" -- \
			$UNSHARE true :: systemd-nspawn -q --register=no --keep-unit --private-network \
			-M "$MACHINE" -D "$R" true
	else
		not_measured $tbl "systemd-nspawn" "systemd-nspawn is not installed"
	fi
}

# ---- service ready: nginx ----
nginx_conf() { # DIR PORT: a minimal nginx serving one file from DIR
	# nginx's worker runs as nobody: it must reach DIR/www.
	chmod 0711 "$T"
	mkdir -p "$1/www"
	chmod 0755 "$1" "$1/www"
	echo hello >"$1/www/index.html"
	cat >"$1/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log;
events { worker_connections 64; }
http {
	access_log off;
	server { listen 127.0.0.1:$2; root $1/www; }
}
EOF
}

ready_rows() {
	tbl=2-ready
	port=${WEB_PORT:-${BENCH_PORT:-8080}}
	if ! have nginx; then
		not_measured $tbl "nginx" "nginx is not installed"
		return
	fi
	if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
		not_measured $tbl "nginx" "port $port is already in use on this host"
		return
	fi
	nginx_conf "$T/nginx" "$port"
	base="nginx -c $T/nginx/nginx.conf"
	# shellcheck disable=SC2086
	if have bwrap; then
		pair $tbl "nginx $(nginx -v 2>&1 | sed 's|.*nginx/||') under bubblewrap (shared network)" -p "$port" -- \
			$base :: bwrap $BWRAP_ROOT --share-net --ro-bind /etc /etc --tmpfs /var \
			--dir /var/lib/nginx --dir /var/log/nginx --perms 0711 --dir "$T" \
			--bind "$T/nginx" "$T/nginx" $base
	else
		not_measured $tbl "nginx under bubblewrap" "bwrap is not installed"
	fi
	# The least any container launcher adds: the same nginx in new
	# namespaces (the host's network and file system, a new /proc).
	# shellcheck disable=SC2086
	pair $tbl "reference: the same nginx under \`unshare --fork --pid --mount --uts --ipc --mount-proc\` (no file system of its own)" -p "$port" -- \
		$base :: unshare --fork --pid --mount --uts --ipc --mount-proc --kill-child $base
	gxsys_ready_row "$port" $base
}

# ---- footprint: PID 1 ----
pid1_of() { # PID: the host PID of the first descendant that is PID 1 of its namespace
	queue=$1
	while set -- $queue && [ $# -gt 0 ]; do
		p=$1
		shift
		queue="$* $(cat /proc/"$p"/task/*/children 2>/dev/null)"
		if awk '/^NSpid:/ { exit !(NF > 2 && $NF == 1) }' "/proc/$p/status" 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}
descendants() { below "$1" | wc -l; }
# sample_pid1 COMMAND...: start it, wait for its PID 1 to have at least two
# processes below it, print "VmRSS RssAnon" in kB, stop it.
sample_pid1() {
	"$@" >>"$LOGS/pid1.log" 2>&1 </dev/null &
	top=$!
	track $top
	p1="" i=0
	while [ $i -lt 200 ]; do
		p1=$(pid1_of $top) && [ "$(descendants "$p1")" -ge 2 ] && break
		p1=""
		sleep 0.05
		i=$((i + 1))
	done
	if [ -z "$p1" ]; then
		stop_pid $top
		return 1
	fi
	sleep 0.3
	awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } END { print r, a }' "/proc/$p1/status"
	kill -TERM "$p1" 2>/dev/null || :
	stop_pid $top
}
median_of() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# pid1_row LABEL COMMAND...: median of SAMPLES samples into $T/pid1.<slug>
pid1_measure() {
	f=$T/pid1.$(slug "$1")
	shift
	: >"$f"
	s=0
	while [ $s -lt "$SAMPLES" ]; do
		sample_pid1 "$@" >>"$f" || return 1
		s=$((s + 1))
	done
	echo "$(cut -d' ' -f1 "$f" | median_of) $(cut -d' ' -f2 "$f" | median_of)"
}
TWO='sleep infinity & sleep infinity & wait'
footprint_rows() {
	tbl=3-pid1
	if ! have tini; then
		not_measured $tbl "tini (baseline)" "tini is not installed"
		return
	fi
	say "bench: PID 1 footprint"
	if ! base=$(pid1_measure tini $UNSHARE_K tini -- sh -c "$TWO"); then
		not_measured $tbl "tini (baseline)" "tini did not start as PID 1"
		return
	fi
	set -- $base
	brss=$1 banon=$2
	printf '| tini %s (baseline) | %s | %s | 1.00× | 1.00× |\n' \
		"$(tini --version | sed -n 's/tini version \([^ ]*\).*/\1/p')" "$1" "$2" >>"$ROWS/$tbl"
	pid1_row catatonit "catatonit" $UNSHARE_K catatonit -- sh -c "$TWO"
	pid1_row dumb-init "dumb-init" $UNSHARE_K dumb-init sh -c "$TWO"
	gxsys_pid1_row
}
pid1_row() { # PROGRAM LABEL COMMAND...
	prog=$1 label=$2
	shift 2
	if ! have "$prog"; then
		not_measured $tbl "$label" "$prog is not installed"
		return
	fi
	if ! v=$(pid1_measure "$label" "$@"); then
		not_measured $tbl "$label" "it did not come up as PID 1 with two processes below it"
		return
	fi
	set -- $v
	printf '| %s | %s | %s | %s | %s |\n' "$label" "$1" "$2" \
		"$(awk -v a="$1" -v b="$brss" 'BEGIN { printf "%.2f×", a / b }')" \
		"$(awk -v a="$2" -v b="$banon" 'BEGIN { printf "%.2f×", a / b }')" >>"$ROWS/$tbl"
}

# ---- gxsys rows: see bench/gxsys.sh ----
# shellcheck source=bench/gxsys.sh
. "$SRC/bench/gxsys.sh"

# ---- the report ----
header() {
	cat <<EOF
# gxsys benchmarks

Measured by \`make bench\` (bench/run) on $(date -u '+%Y-%m-%d %H:%M UTC'):
Debian $(cat /etc/debian_version), Linux $(uname -r), $(nproc) CPUs
($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), load average at start $LOAD0,
gxsys $(git -C "$SRC" describe --always --dirty 2>/dev/null || echo unknown).

Every timed row is a pair run in this run: the row's command (B) and its
baseline (A) alternate, A B A B ..., $WARMUP warm-up pairs then $ROUNDS
measured pairs, each run timed from fork to exit (or to the first HTTP 200)
with CLOCK_MONOTONIC by bench/timeit.c.  Times are milliseconds, median
(min–max); the ratio is B/A, the median (min–max) of the $ROUNDS per-pair
ratios.  Compare ratios, not times: the times depend on the machine and its
load.
EOF
}
table() { # FILE TITLE HEAD
	[ -s "$ROWS/$1" ] || return 0
	printf '\n## %s\n\n%s\n' "$2" "$3"
	cat "$ROWS/$1"
}
report() {
	header
	table 1-startup "1. Start-up and teardown of a container running \`true\`" \
		"Baseline (A): \`$UNSHARE true\`.

| container (B) | B ms | baseline ms | B/A |
|---|---|---|---|"
	table 2-ready "2. Service ready: launch to the first HTTP 200 from nginx" \
		"Baseline (A): the same nginx (same configuration: one worker, one static file) started plainly, \`nginx -c nginx.conf\`, in the foreground; polled every 0.5 ms with a GET on 127.0.0.1; stopped with SIGTERM after the 200 (not timed).

| nginx (B) | B ms | baseline ms | B/A |
|---|---|---|---|"
	table 3-pid1 "3. Footprint: PID 1" \
		"VmRSS and RssAnon (kB) of PID 1 of a fresh PID namespace supervising two processes (\`sleep infinity\`), median of $SAMPLES starts; baseline: tini, Docker's \`--init\`.  tini, catatonit and dumb-init run \`sh -c '$TWO'\` (their one child, with two below it).

| PID 1 | VmRSS kB | RssAnon kB | VmRSS / tini | RssAnon / tini |
|---|---|---|---|---|"
	table 3-many "3b. Footprint: each additional running container of the same system" \
		"$MANY_HEAD"
	table 4-gen "4. Generator and store" \
		"$GEN_HEAD"
	table 5-bundle "5. Bundles: unpack and verify" \
		"$BUNDLE_HEAD"
	if [ -s "$T/notes" ]; then
		printf '\n## Notes\n\n'
		cat "$T/notes"
	fi
	printf '\n## Reproduce\n\n    sudo ./scripts/install-deps && make && sudo make bench\n\n'
	printf 'BENCH_ROUNDS=N (default 30, at least 20) sets the pairs per row; bench/run lists the other knobs.\n'
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
# BENCH_ONLY="startup ready pid1 many gen bundle" runs only those sections.
want() { case " ${BENCH_ONLY:-startup ready pid1 many gen bundle} " in *" $1 "*) return 0 ;; esac; return 1; }
make_rootfs
gxsys_prepare
if want startup; then startup_rows; fi
if want ready; then ready_rows; fi
if want pid1; then footprint_rows; fi
if want many; then gxsys_many_rows; fi
if want gen; then gxsys_generator_rows; fi
if want bundle; then gxsys_bundle_rows; fi
report >"$T/results.md"
cp "$T/results.md" "$OUT"
cat "$OUT"
