# bench/gxsys.sh: the gxsys rows, sourced by bench/inner.sh (same
# variables: T, SRC, B, GXSYS, INIT, TIMEIT, LOGS, ROWS, UNSHARE, ROUNDS).
# Each row that cannot run says why ("not measured: ..."), from what this
# build and this tree actually have.
# shellcheck shell=sh disable=SC2086,SC2016,SC2034

GX=$T/gx
# An uninstalled tree: the catalog shipped in data/.
if [ -z "${GXSYS_CONFIG:-}" ] && [ -f "$SRC/data/gxsys.conf" ] &&
	[ ! -f /usr/local/share/gxsys/gxsys.conf ] && [ ! -f /usr/local/etc/gxsys/gxsys.conf ]; then
	export GXSYS_CONFIG="$SRC/data/gxsys.conf"
fi
STORE=$T/store
GEN_WHY="" INIT_WHY="" LAUNCHER="" SYSTEM="" WEB_LAUNCHER="" WEB_WHY=""
BOOT_CONF="" STORE_INIT=""
# Launcher instances are named gxbench-PID-*: their state directories under
# /run/gxsys/containers are ours to remove at the end.
NAME=gxbench-$$
[ -d /run/gxsys ] || GXSYS_RUN_NEW=1

# launcher_value VAR: a single-quoted VAR='...' assignment of the launcher.
launcher_value() {
	sed -n "s/^$1='\([^']*\)'\$/\1/p" "$LAUNCHER" | head -n 1
}

gxsys_cleanup() {
	for d in /run/gxsys/containers/"$NAME"*; do
		[ -d "$d" ] && rm -rf "$d"
	done
	if [ -n "${GXSYS_RUN_NEW:-}" ]; then
		rmdir /run/gxsys/containers /run/gxsys 2>/dev/null || :
	fi
	return 0
}

# probe LOG COMMAND...: run once with a time limit; 0 when it exits 0.
probe() {
	log=$1
	shift
	timeout -k 5 600 "$@" >"$log" 2>&1 </dev/null
}
last_line() { grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | cut -c1-200 | tr '|' '/'; }

# A boot.conf written by hand (docs/boot-conf.md): the host's /usr as the
# profile, a minimal etc, and SERVICES (boot.conf text) appended.
handwritten_conf() { # FILE SERVICES
	mkdir -p "$GX/etc"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' \
		>"$GX/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$GX/etc/group"
	printf 'root::0:0:99999:7:::\n' >"$GX/etc/shadow"
	# The profile is the host's /usr: its dynamic linker cache fits it, as
	# a built system's etc has its own (unshare's `true` uses the host's).
	[ ! -f /etc/ld.so.cache ] || cp /etc/ld.so.cache "$GX/etc/ld.so.cache"
	cat >"$1" <<EOF
# hand-written by bench/gxsys.sh
profile = "/usr"
etc = "$GX/etc"
host-name = "bench"
network = false
$2
EOF
}

SLEEP2='service "sleep-a" { command = { "/usr/bin/sleep", "infinity" } }
service "sleep-b" { command = { "/usr/bin/sleep", "infinity" } }'

# build_system FILE: `gxsys container` into the temporary store; prints the
# launcher path.  Fails with the reason in $LOGS/build-<name>.log.
build_system() {
	log=$LOGS/build-$(basename "$1" .scm).log
	probe "$log" "$GXSYS" container --store="$STORE" "$1" || return 1
	l=$(grep '^/' "$log" | tail -n 1)
	[ -n "$l" ] && [ -x "$l" ] || return 1
	echo "$l"
}

gxsys_prepare() {
	mkdir -p "$GX"
	if [ ! -x "$INIT" ]; then
		INIT_WHY="$INIT is not built"
	else
		handwritten_conf "$GX/true.conf" ""
		if ! probe "$LOGS/init-probe.log" "$INIT" "$GX/true.conf" -- true; then
			INIT_WHY="gxsys-init cannot boot in this build (\`gxsys-init BOOT.CONF -- true\`: $(last_line "$LOGS/init-probe.log"))"
		fi
	fi
	if [ ! -x "$GXSYS" ]; then
		GEN_WHY="$GXSYS is not built"
	elif [ ! -f "$SRC/examples/bare-bones.scm" ]; then
		GEN_WHY="examples/bare-bones.scm is not in this tree yet"
	elif ! LAUNCHER=$(build_system "$SRC/examples/bare-bones.scm"); then
		GEN_WHY="\`gxsys container examples/bare-bones.scm\` does not work in this build: $(last_line "$LOGS/build-bare-bones.log")"
	else
		SYSTEM=$(launcher_value system)
		BOOT_CONF=$(launcher_value system_boot_conf)
		STORE_INIT=$(launcher_value init)
	fi
	if [ -n "$GEN_WHY" ]; then
		WEB_WHY=$GEN_WHY
	elif [ ! -f "$SRC/examples/web-server.scm" ]; then
		WEB_WHY="examples/web-server.scm is not in this tree yet"
	elif ! WEB_LAUNCHER=$(build_system "$SRC/examples/web-server.scm"); then
		WEB_WHY="\`gxsys container examples/web-server.scm\` fails: $(last_line "$LOGS/build-web-server.log")"
	fi
	# The port the example's nginx listens on (nginx's default is 80); the
	# plain and bubblewrap nginx rows use the same one.
	if [ -f "$SRC/examples/web-server.scm" ]; then
		WEB_PORT=$(grep -o 'listen[^0-9]*[0-9]\{2,5\}' "$SRC/examples/web-server.scm" |
			grep -o '[0-9]*$' | head -n 1)
		WEB_PORT=${WEB_PORT:-80}
	fi
	return 0
}

gxsys_startup_rows() {
	tbl=1-startup
	if [ -n "$GEN_WHY" ]; then
		not_measured $tbl "gxsys \`run-container -- true\` (examples/bare-bones.scm)" "$GEN_WHY"
	else
		pair $tbl "**gxsys \`run-container -- true\`** (examples/bare-bones.scm)" -t 10 -- \
			$UNSHARE true :: "$LAUNCHER" --name="$NAME" -- true
	fi
	if [ -n "$INIT_WHY" ]; then
		not_measured $tbl "gxsys-init alone" "$INIT_WHY"
		return 0
	fi
	if [ -n "$BOOT_CONF" ] && [ -f "$BOOT_CONF" ]; then
		pair $tbl "**gxsys-init alone**, same system (\`gxsys-init BOOT.CONF -- true\`)" -t 10 -- \
			$UNSHARE true :: "${STORE_INIT:-$INIT}" "$BOOT_CONF" -- true
	else
		not_measured $tbl "gxsys-init alone, same system" "${GEN_WHY:-no boot.conf found in the launcher}"
	fi
	# The init's own cost, whatever the system: no services, the host's /usr.
	pair $tbl "**gxsys-init, minimal boot.conf** (hand-written: host /usr as profile, no services)" -t 10 -- \
		$UNSHARE true :: "$INIT" "$GX/true.conf" -- true
}

# The nginx.conf gxsys generated for the example, for the same nginx on the
# host (DIR PORT): the same directives (its mime.types, its access log,
# workers under a user of their own, its temporary directories, its
# server), with the container's paths made DIR's and its user nobody.
same_nginx_conf() {
	web_system=$(sed -n "s/^system='\(.*\)'\$/\1/p" "$WEB_LAUNCHER")
	conf=$web_system/etc/nginx/nginx.conf
	[ -f "$conf" ] || return 1
	mkdir -p "$1/www" "$1/run" "$1/log"
	chmod 0755 "$1" "$1/www"
	root=$(sed -n 's/^ *root \(.*\);$/\1/p' "$conf" | head -n 1)
	cp "$web_system/etc/${root#/etc/}/index.html" "$1/www/index.html" 2>/dev/null ||
		echo hello >"$1/www/index.html"
	sed -e "s|^user .*;|user nobody nogroup;|" -e "s|/var/run/nginx|$1/run|g" \
		-e "s|/var/log/nginx|$1/log|g" -e "s|^\( *root \).*;|\1$1/www;|" \
		-e "s|^\( *listen \)[0-9]*;|\1$2;|" "$conf" >"$1/nginx.conf"
}

gxsys_ready_row() { # PORT BASELINE-COMMAND...
	port=$1
	shift
	if [ -n "$WEB_WHY" ]; then
		not_measured 2-ready "gxsys examples/web-server.scm" "$WEB_WHY"
		return 0
	fi
	# Guix's -N: the host's network, so the host can poll nginx.  Against
	# the same nginx with the same configuration (what gxsys generated)
	# on the host; then against the minimal one of the rows above, whose
	# nginx starts faster (no mime.types, no access log, no user switch).
	if same_nginx_conf "$T/nginx-same" "$port"; then
		pair 2-ready "**gxsys examples/web-server.scm** (\`run-container -N\`; baseline: the same nginx.conf on the host)" -p "$port" -- \
			nginx -c "$T/nginx-same/nginx.conf" :: "$WEB_LAUNCHER" -N --name="$NAME-web"
	else
		not_measured 2-ready "gxsys examples/web-server.scm against the same nginx.conf" \
			"no nginx.conf in the example's system"
	fi
	# shellcheck disable=SC2086
	pair 2-ready "gxsys examples/web-server.scm (\`run-container -N\`; baseline: the minimal nginx.conf above)" -p "$port" -- \
		"$@" :: "$WEB_LAUNCHER" -N --name="$NAME-web"
}

gxsys_pid1_row() {
	if [ -n "$INIT_WHY" ]; then
		not_measured 3-pid1 "gxsys-init, two services" "$INIT_WHY"
		return 0
	fi
	handwritten_conf "$GX/two.conf" "$SLEEP2"
	pid1_row "$INIT" "**gxsys-init**, two services (\`sleep infinity\` each)" "$INIT" "$GX/two.conf"
}

# ---- 3b: N running containers of the same system ----
MANY_HEAD='Containers of examples/bare-bones.scm (`run-container --name=...`) started at once in the background, measured once all say they are running.  Disk: growth of the store and of every directory on disk the containers use (the root, with /run, /tmp and /var, is a tmpfs: memory).  Memory: the sum of the PSS (proportional set size: shared pages divided among their users) of every process of the containers, host side included, plus what their tmpfs mounts (the root, /dev, /dev/shm, ...) hold.  Per additional container: (total(N) − total(1)) / (N − 1); its ratio is to the first container (N = 1, the baseline).

| running containers | disk, all | memory, all | extra disk per additional | extra memory per additional | extra memory / first container |
|---|---|---|---|---|---|'

pss_tree() { # PID...: sum of Pss (kB) of these processes and their descendants
	queue="$*" sum=0
	while set -- $queue && [ $# -gt 0 ]; do
		p=$1
		shift
		queue="$*"
		v=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null) || v=0
		sum=$((sum + ${v:-0}))
		queue="$queue $(cat /proc/"$p"/task/*/children 2>/dev/null)"
	done
	echo $sum
}
# tmpfs_used PID...: kB used in the tmpfs mounts (the root, /dev, /dev/shm,
# ...) of the containers whose launchers are PID...
tmpfs_used() {
	sum=0
	for l in "$@"; do
		p1=$(pid1_of "$l") || continue
		awk '$0 ~ / - tmpfs / { print $5 }' "/proc/$p1/mountinfo" >"$T/mps"
		while read -r mp; do
			u=$(df -k --output=used "/proc/$p1/root$mp" 2>/dev/null | tail -n 1) || u=0
			sum=$((sum + ${u:-0}))
		done <"$T/mps"
	done
	echo $sum
}

# many_once N COMMAND...: start N instances of COMMAND (each given
# --name=NAME-N-I when it is the launcher), wait until all say they are
# running, then write "disk_kB mem_kB" (all N together) to
# $T/many.out.  Fails when one did not come up within 60 s.
many_once() {
	n=$1 i=0 started=""
	shift
	du0=$(du -skc "$STORE" 2>/dev/null | tail -n 1 | cut -f1)
	while [ $i -lt "$n" ]; do
		if [ "$1" = "$LAUNCHER" ]; then
			"$@" --name="$NAME-$n-$i" >"$LOGS/many-$n-$i.log" 2>&1 </dev/null &
		else
			"$@" >"$LOGS/many-$n-$i.log" 2>&1 </dev/null &
		fi
		started="$started $!"
		track $!
		i=$((i + 1))
	done
	ok=1 f=0
	while [ $f -lt "$n" ] && [ $ok = 1 ]; do
		w=0
		until grep -q 'running as PID' "$LOGS/many-$n-$f.log" 2>/dev/null; do
			w=$((w + 1))
			if [ $w -gt 600 ]; then ok=0 && break; fi
			sleep 0.1
		done
		f=$((f + 1))
	done
	sleep 1
	pss=$(pss_tree $started)
	shm=$(tmpfs_used $started)
	# the store plus the instances' state directories (on disk when /run is)
	du1=$(du -skc "$STORE" /run/gxsys/containers/"$NAME-$n"-* 2>/dev/null | tail -n 1 | cut -f1)
	stop_all $started
	[ $ok = 1 ] || return 1
	echo "$((du1 - du0)) $((pss + shm))" >"$T/many.out"
}

gxsys_many_rows() {
	if [ -z "$GEN_WHY" ]; then
		set -- "$LAUNCHER"
	elif [ -z "$INIT_WHY" ]; then
		note "3b ran \`gxsys-init BOOT.CONF\` with the hand-written boot.conf (the host's /usr as" \
			"the profile, no services), not a generated system: ${GEN_WHY}.  There is no store" \
			"then, so the disk column only counts per-instance state."
		MANY_HEAD=$(echo "$MANY_HEAD" | sed '1s/^Containers of examples\/bare-bones.scm (`run-container --name=...`)/Containers of the hand-written boot.conf (`gxsys-init BOOT.CONF`, see notes)/')
		set -- "$INIT" "$GX/true.conf"
	else
		not_measured 3-many "N = $CONTAINERS" "$GEN_WHY"
		return 0
	fi
	d1="" m1=""
	for n in $CONTAINERS; do
		say "bench: $n running containers"
		if ! many_once "$n" "$@"; then
			not_measured 3-many "$n" "not all $n containers came up within 60 s ($(last_line "$LOGS/many-$n-0.log"))"
			continue
		fi
		read -r disk mem <"$T/many.out"
		if [ "$n" = 1 ]; then
			d1=$disk m1=$mem
			printf '| 1 (baseline) | %s kB | %s kB | %s kB | %s kB | 1.00× |\n' "$disk" "$mem" "$disk" "$mem" >>"$ROWS/3-many"
		elif [ -n "$m1" ]; then
			printf '| %s | %s kB | %s kB | %s kB | %s kB | %s |\n' "$n" "$disk" "$mem" \
				$(((disk - d1) / (n - 1))) $(((mem - m1) / (n - 1))) \
				"$(awk -v a="$mem" -v b="$m1" -v n="$n" 'BEGIN { printf "%.2f×", (a - b) / (n - 1) / b }')" >>"$ROWS/3-many"
		else
			not_measured 3-many "$n" "no N = 1 baseline in BENCH_CONTAINERS"
		fi
	done
}

# ---- 4: the generator and the store ----
GEN_HEAD='Baseline (A) for every row: `cp -a` of the host files the store imports for this closure into a fresh directory, then `sha256sum` of every copied file, then `rm -rf` of the copy (see the notes for the closure and its size).  These slower rows have 20 measured pairs, after one warm-up pair (none for the cold row).

| command (B) | B ms | baseline ms | B/A |
|---|---|---|---|'

# What the store rows take the closure of: examples/bare-bones.scm when
# `gxsys closure FILE` reads it, else the nginx package (-p).
closure_args() {
	f=$SRC/examples/bare-bones.scm
	if [ -f "$f" ] && probe "$LOGS/closure-probe.log" "$GXSYS" closure --store="$STORE" "$f"; then
		echo "$f"
	else
		echo "-p nginx"
	fi
}

# store_files: import the closure into $STORE, then list the host files
# behind its items (an item mirrors / after merged-/usr canonicalisation)
# into $GX/files.
store_files() {
	: >"$GX/files"
	probe "$LOGS/import-probe.log" "$GXSYS" closure --import --store="$STORE" $CLOSURE_ARGS || return 1
	"$GXSYS" closure --store="$STORE" $CLOSURE_ARGS 2>/dev/null | cut -f1 | grep "^$STORE/" >"$GX/items" || :
	while read -r item; do
		(cd "$item" && find . -type f) | sed 's|^\.||' | while read -r f; do
			if [ -f "$f" ]; then echo "$f"; fi
		done >>"$GX/files"
	done <"$GX/items"
	[ -s "$GX/files" ]
}

gxsys_generator_rows() {
	tbl=4-gen
	COLD="\`gxsys container\`, cold (empty store: import, system build, launcher)"
	WARM="\`gxsys container\`, warm (unchanged config)"
	if [ ! -x "$GXSYS" ]; then
		for r in "$COLD" "$WARM" "\`gxsys closure\`" "store import"; do
			not_measured $tbl "$r" "$GXSYS is not built"
		done
		return 0
	fi
	CLOSURE_ARGS=$(closure_args)
	if ! store_files; then
		for r in "$COLD" "$WARM" "\`gxsys closure\`" "store import"; do
			not_measured $tbl "$r" "\`gxsys closure --import $CLOSURE_ARGS\` into an empty store fails: $(last_line "$LOGS/import-probe.log")"
		done
		return 0
	fi
	note "Store rows: the closure of \`${CLOSURE_ARGS#"$SRC/"}\`: $(wc -l <"$GX/items") store items," \
		"$(wc -l <"$GX/files") files, $(xargs -d '\n' du -ckL <"$GX/files" | tail -n 1 | cut -f1) kB."
	cat >"$GX/baseline.sh" <<EOF
#!/bin/sh
set -e
d=\$(mktemp -d "$T/copy.XXXXXX")
# relative to /: cp 9.1 --parents mishandles absolute sources
cd /
sed 's|^/||' "$GX/files" | xargs -d '\n' cp -a --parents -t "\$d"
find "\$d" -type f -print0 | xargs -0 sha256sum >/dev/null
rm -rf "\$d"
EOF
	cat >"$GX/import.sh" <<EOF
#!/bin/sh
set -e
s=\$(mktemp -d "$T/import.XXXXXX")
"$GXSYS" closure --import --store="\$s/store" $CLOSURE_ARGS
rm -rf "\$s"
EOF
	cat >"$GX/cold.sh" <<EOF
#!/bin/sh
set -e
s=\$(mktemp -d "$T/cold.XXXXXX")
"$GXSYS" container --store="\$s/store" "$SRC/examples/bare-bones.scm"
rm -rf "\$s"
EOF
	BASE="sh $GX/baseline.sh"
	if [ -n "$GEN_WHY" ]; then
		not_measured $tbl "$COLD" "$GEN_WHY"
		not_measured $tbl "$WARM" "$GEN_WHY"
	else
		pair $tbl "$COLD" -n 20 -W 0 -t 600 -- $BASE :: sh "$GX/cold.sh"
		pair $tbl "$WARM" -n 20 -W 1 -t 300 -- $BASE :: "$GXSYS" container --store="$STORE" "$SRC/examples/bare-bones.scm"
	fi
	pair $tbl "\`gxsys closure\` (items in the store)" -n 20 -W 1 -t 300 -- $BASE :: \
		"$GXSYS" closure --store="$STORE" $CLOSURE_ARGS
	pair $tbl "store import: \`gxsys closure --import\` into an empty store" -n 20 -W 1 -t 600 -- $BASE :: \
		sh "$GX/import.sh"
}

# ---- 5: bundles ----
BUNDLE_HEAD='Baseline (A): `tar -xzf` of a tar.gz of the same store items (the closure in the bare-bones bundle) into an empty tmpfs, then `sha256sum` of every extracted file.  B: the bundle run with `--extract-only` into an empty tmpfs store at its own store path (its importer checks every file and every item against its hash, then registers the items).  Each run is in its own private mount namespace, so nothing it mounts outlives it.

| command (B) | B ms | baseline ms | B/A |
|---|---|---|---|'

gxsys_bundle_rows() {
	tbl=5-bundle
	row="bundle of examples/bare-bones.scm, \`--extract-only\` into an empty store"
	if [ -n "$GEN_WHY" ]; then
		not_measured $tbl "$row" "$GEN_WHY"
		return 0
	fi
	bs=$GX/bundle-store
	if ! probe "$LOGS/bundle-build.log" "$GXSYS" container --store="$bs" \
		--bundle="$GX/bare-bones.bundle" "$SRC/examples/bare-bones.scm"; then
		not_measured $tbl "$row" "\`gxsys container --bundle\` fails: $(last_line "$LOGS/bundle-build.log")"
		return 0
	fi
	# The same items (the store holds only this closure) as a tar.gz.
	(cd "$bs" && find . -mindepth 1 -maxdepth 1 ! -name '.*' -printf '%P\n' |
		tar -czf "$GX/items.tar.gz" -T -)
	mkdir -p "$GX/untar"
	cat >"$GX/untar.sh" <<EOF
#!/bin/sh
set -e
mount -t tmpfs none "$GX/untar"
tar -xzf "$GX/items.tar.gz" -C "$GX/untar"
find "$GX/untar" -type f -print0 | xargs -0 sha256sum >/dev/null
EOF
	cat >"$GX/unbundle.sh" <<EOF
#!/bin/sh
set -e
mount -t tmpfs none "$bs"
"$GX/bare-bones.bundle" --extract-only >/dev/null
test -n "\$(ls "$bs")"
EOF
	note "Bundle row: the bare-bones bundle is $(du -k "$GX/bare-bones.bundle" | cut -f1) kB;" \
		"the baseline's tar.gz of the same items $(du -k "$GX/items.tar.gz" | cut -f1) kB."
	pair $tbl "$row" -n 20 -W 1 -t 300 -- \
		unshare -m --propagation private sh "$GX/untar.sh" :: \
		unshare -m --propagation private sh "$GX/unbundle.sh"
}
