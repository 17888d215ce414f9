#!/bin/sh
# gxsys-init's launcher and boot steps in real namespaces (root): the
# container's file system, users and homes, /dev, capabilities, isolation,
# exit statuses, pid files, signals, exec, and SIGKILL of the launcher.
# PID 1 is init-probe.c (the product's launcher and boot steps with a
# minimal PID 1), so this does not depend on the supervisor; init-boot.sh
# boots the real gxsys-init.  Everything lives in one mktemp directory and
# is removed by the trap, even on failure.
# shellcheck disable=SC2016 # single-quoted scripts run inside the container
set -u
TEST_NAME=init-fs
. "${GXSYS_SRC:-$(pwd)}/tests/integration/init-env.inc"

# The probe: the launcher and boot steps of libgxinit with a minimal PID 1.
PROBE=$T/init-probe
# shellcheck disable=SC2046
$CC -D_GNU_SOURCE -I"$SRC/src/common" -I"$SRC/src/init" -o "$PROBE" \
	"$SRC/tests/integration/init-probe.c" "$B/libgxinit.a" "$B/libgxcommon.a" \
	$(pkg-config --libs libconfuse libcap) || fail "cannot build the probe"

make_profile bash ls cat chmod chown id hostname ps stat sleep true touch readlink head wc tr sed mkdir \
	mkfifo ln rm
mkdir -p "$SYS/etc/skel/.config"
printf 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:100:Alice:/home/alice:/bin/bash\n' >"$SYS/etc/passwd"
printf 'root:x:0:\nusers:x:100:\n' >"$SYS/etc/group"
printf 'root::19000::::::\nalice:!:19000::::::\n' >"$SYS/etc/shadow"
echo "welcome" >"$SYS/etc/motd"
echo "PS1='$ '" >"$SYS/etc/skel/.profile"
echo "x" >"$SYS/etc/skel/.config/app"
# the store's copies have no write bits; a user's copies are theirs to edit
chmod a-w "$SYS/etc/skel/.profile" "$SYS/etc/skel/.config/app"
mkdir -p "$T/share" "$T/expose"
echo exposed >"$T/expose/file"

CONF=$T/boot.conf
cat >"$CONF" <<EOF
system = "$SYS"
profile = "$SYS/profile"
etc = "$SYS/etc"
host-name = "probe-host"
directory "/var/lib/test" { uid = 1000 gid = 100 mode = 0750 }
directory "/var/spool/sg" { uid = 0 gid = 100 mode = 02775 }
directory "/var/spool/sg/child" { uid = 0 gid = 0 mode = 0755 }
directory "/var/spool/plain" { uid = 0 gid = 0 mode = 0755 }
directory "/var/spool/private" { uid = 0 gid = 0 mode = 0700 }
directory "/var/cache" { uid = 1000 gid = 100 mode = 0750 }
home "root" { path = "/root" uid = 0 gid = 0 }
home "alice" { path = "/home/alice" uid = 1000 gid = 100 }
home "carol" { path = "/var/spool/sg/carol" uid = 1001 gid = 1001 }
EOF

# Inside: one script, each check printing what it saw when it fails.
cat >"$T/share/inside.sh" <<'EOF'
bad=0
check() { # DESCRIPTION COMMAND...
	d=$1; shift
	"$@" || { echo "inside: $d" >&2; bad=1; }
}
eq() { [ "$1" = "$2" ] || { echo "inside: got '$1' want '$2'" >&2; return 1; }; }
check "host name" eq "$(hostname)" probe-host
check "ps sees only the container" eq "$(ps -e -o comm= | sed '/^init-probe$/d; /^bash$/d; /^ps$/d; /^sed$/d')" ""
check "ps: few processes" eval '[ "$(ps -e -o pid= | wc -l)" -le 5 ]'
check "PID 1 is the init" eq "$(ps -p 1 -o comm=)" init-probe
check "/usr read-only" eval '! touch /usr/x 2>/dev/null'
check "/bin link" eq "$(readlink /bin)" usr/bin
check "temp dir invisible" eval "[ ! -e '$TESTDIR' ]"
check "/dev contents" eq "$(ls /dev | tr '\n' ' ')" "fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero "
check "/dev/null and /dev/zero work" eval 'echo x >/dev/null && [ "$(head -c 3 /dev/zero | wc -c)" = 3 ]'
# The host's nodes: chmod (to the same mode: a regression only moves the
# host's ctime, which the host side checks) must not reach the host's inode.
check "host's /dev/null: no chmod" eval '! chmod "$(stat -c %a /dev/null)" /dev/null 2>/dev/null'
check "host's /dev/urandom: no chown" eval '! chown 0:0 /dev/urandom 2>/dev/null'
check "/dev/pts new instance" eval '[ -c /dev/pts/ptmx ]'
check "/tmp 1777" eq "$(stat -c %a /tmp)" 1777
check "/var/tmp 1777" eq "$(stat -c %a /var/tmp)" 1777
check "/etc/passwd writable" eval 'echo "bob:x:1001:100::/:/bin/bash" >>/etc/passwd'
check "/etc 755" eq "$(stat -c %a /etc)" 755
check "/etc/shadow 600" eq "$(stat -c %a /etc/shadow)" 600
check "/etc/motd" eq "$(cat /etc/motd)" welcome
check "/etc writable everywhere" eval 'echo more >>/etc/motd && mkdir /etc/new.d && [ -f /etc/motd ] && [ ! -L /etc/motd ]'
check "/etc/skel a directory" eval '[ -d /etc/skel ] && [ ! -L /etc/skel ]'
check "/etc/hostname" eq "$(cat /etc/hostname)" probe-host
check "user alice" eq "$(id -u alice):$(id -g alice)" 1000:100
check "alice home" eq "$(stat -c '%u:%g %a' /home/alice)" "1000:100 700"
check "alice skel" eq "$(stat -c '%u %s' /home/alice/.profile)" "1000 9"
check "alice skel dir" eq "$(stat -c '%u' /home/alice/.config) $(cat /home/alice/.config/app)" "1000 x"
check "alice skel writable" eq "$(stat -c '%a' /home/alice/.profile) $(stat -c '%a' /home/alice/.config/app)" "644 644"
check "root home" eq "$(stat -c '%u %a' /root)" "0 700"
check "root skel" eq "$(stat -c '%u:%g %a' /root/.profile)" "0:0 644"
check "home in a set-group-ID directory" eq "$(stat -c '%u:%g %a' /var/spool/sg/carol)" "1001:1001 700"
check "its skel" eq "$(stat -c '%u:%g' /var/spool/sg/carol/.profile /var/spool/sg/carol/.config | tr '\n' ' ')" "1001:1001 1001:1001 "
check "directory" eq "$(stat -c '%u:%g %a' /var/lib/test)" "1000:100 750"
check "set-group-ID directory" eq "$(stat -c '%u:%g %a' /var/spool/sg)" "0:100 2775"
check "directory in a set-group-ID one" eq "$(stat -c '%u:%g %a' /var/spool/sg/child)" "0:0 755"
check "plain directory" eq "$(stat -c '%u:%g %a' /var/spool/plain)" "0:0 755"
check "private directory" eq "$(stat -c '%u:%g %a' /var/spool/private)" "0:0 700"
check "a directory the init made, given away" eq "$(stat -c '%u:%g %a' /var/cache)" "1000:100 750"
check "one it made, as declared" eq "$(stat -c '%u:%g %a' /var/log)" "0:0 755"
check "/var/run" eq "$(readlink /var/run)" /run
check "current system" eval '[ -d /run/current-system/etc ] && ! touch /run/current-system/x 2>/dev/null'
check "init binary" eval '[ -x /run/gxsys/init ] && [ "$(readlink /run/gxsys/bin/herd)" = ../init ]'
check "/sys read-only" eval '! touch /sys/x 2>/dev/null && [ -d /sys/class/net/lo ]'
check "only lo" eq "$(ls /sys/class/net)" lo
check "/sys/firmware hidden (the host's ACPI and DMI tables)" eq "$(ls -A /sys/firmware)" ""
check "/sys/firmware's mask read-only" eval '! mkdir /sys/firmware/x 2>/dev/null && [ -z "$(ls -A /run/gxsys/empty)" ]'
check "lo up" eval '[ $(( $(cat /sys/class/net/lo/flags) & 1 )) = 1 ]'
# The kernel's global settings are not root inside's to change (opened
# for appending, nothing written: a regression must not touch the host).
check "/proc/sys read-only" eval '! (exec 3>>/proc/sys/kernel/core_pattern) 2>/dev/null'
check "/proc/irq read-only" eval '[ ! -e /proc/irq/default_smp_affinity ] || ! (exec 3>>/proc/irq/default_smp_affinity) 2>/dev/null'
# "scsi remove-single-device H C I L" detaches a host's disk; only the
# mode is checked.  (Not every kernel has /proc/scsi or /proc/asound.)
check "/proc/scsi read-only" eval '[ ! -e /proc/scsi/scsi ] || ! (exec 3>>/proc/scsi/scsi) 2>/dev/null'
check "/proc/asound read-only" eval '[ ! -d /proc/asound ] || grep -q " /proc/asound ro," /proc/self/mountinfo'
check "/proc/sysrq-trigger read-only" eval '[ ! -e /proc/sysrq-trigger ] || ! (exec 3>>/proc/sysrq-trigger) 2>/dev/null'
check "/proc/sys/net its own, writable" eval '(exec 3>>/proc/sys/net/ipv4/ip_forward)'
check "/proc/keys and /proc/timer_list hidden (the host's)" eq "$(cat /proc/keys /proc/timer_list 2>/dev/null | wc -c)" 0
check "/proc/kpage* hidden (the host's physical pages)" eq "$(for f in /proc/kpageflags /proc/kpagecount /proc/kpagecgroup; do head -c 8 "$f"; done 2>/dev/null | wc -c)" 0
check "/proc/self writable" eval 'read -r v </proc/self/oom_score_adj && echo "$v" >/proc/self/oom_score_adj'
check "bounding set" eq "$(sed -n 's/^CapBnd:\t//p' /proc/self/status)" 00000000a00425fb
check "effective set" eq "$(sed -n 's/^CapEff:\t//p' /proc/self/status)" 00000000a00425fb
check "no inheritable or ambient set" eq "$(sed -n 's/^Cap\(Inh\|Amb\):\t//p' /proc/self/status | tr '\n' ' ')" "0000000000000000 0000000000000000 "
check "share writable" eval 'echo in >/mnt/share/out'
check "no fd inherited from the host" eq "$(ls /proc/self/fd | tr '\n' ' ')" "0 1 2 3 "
check "expose read-only" eval '[ "$(cat /srv/file)" = exposed ] && ! touch /srv/y 2>/dev/null'
exit $bad
EOF

# 1. Boot, check inside, exit status of the command, nothing left behind.
devnull_ctime=$(stat -c %Z /dev/null)
sleep 1.1 # a change would show in whole seconds
"$PROBE" --pid-file "$T/pid1" --pid-file "$T/pid2" --share "$T/share=/mnt/share" \
	--expose "$T/expose=/srv" "$CONF" -- /bin/bash -c "TESTDIR='$T' . /mnt/share/inside.sh" \
	2>"$T/err" 8<"$T" || { cat "$T/err"; fail "checks inside the container"; }
grep -q "^system container is running as PID [0-9]*$" "$T/err" || fail "no 'running as PID' line"
[ "$(stat -c %Z /dev/null)" = "$devnull_ctime" ] || fail "the host's /dev/null was changed from inside"
[ "$(cat "$T/share/out")" = in ] || fail "write to --share not visible on the host"
[ "$(cat "$SYS/etc/motd")" = welcome ] || fail "a write to /etc inside reached the system's etc"
[ ! -e "$SYS/etc/new.d" ] || fail "a directory made in /etc inside reached the system's etc"
if [ -e "$T/pid1" ] || [ -e "$T/pid2" ]; then fail "pid files left behind"; fi
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked to the host"

# 2. Exit statuses.
status() { # WANT ARGS...
	want=$1; shift
	"$PROBE" "$@" 2>"$T/err" >/dev/null
	got=$?
	[ "$got" = "$want" ] || { cat "$T/err"; fail "'$*' exited $got, want $want"; }
}
status 0 "$CONF" -- /bin/true
status 7 "$CONF" -- /bin/bash -c 'exit 7'
status 127 "$CONF" -- /no/such/command
status 126 "$CONF" -- /etc/motd
status 137 "$CONF" -- /bin/bash -c 'kill -KILL $$'
status 1 --share /no/such/dir "$CONF" -- /bin/true
grep -q "share '/no/such/dir'" "$T/err" || fail "missing share source not named"
status 2 "$CONF" extra-arg
printf 'profile = "%s"\netc = "%s"\nbogus = 1\n' "$SYS/profile" "$SYS/etc" >"$T/bad.conf"
status 1 "$T/bad.conf" -- /bin/true
grep -q "bad.conf:3:" "$T/err" || fail "config error without line: $(cat "$T/err")"
# PID 1, cloned before boot.conf is read, was killed and reaped with it
# (this run's probe only: another run's may be booting beside it).
for p in $(pgrep -x init-probe); do
	[ "$(readlink "/proc/$p/exe")" != "$PROBE" ] || fail "a PID 1 left after a bad boot.conf"
done
sed "s|^profile = .*|profile = \"$T/missing\"|" "$CONF" >"$T/noprofile.conf"
status 3 "$T/noprofile.conf" -- /bin/true
grep -q "boot step 'open host sources'" "$T/err" || fail "failing step not named: $(cat "$T/err")"
mkdir -p "$T/ro" && echo 'mount { source = "'"$T/expose"'" target = "/usr/x" }' >>"$T/noprofile.conf"
sed "s|^profile = .*|profile = \"$SYS/profile\"|" "$T/noprofile.conf" >"$T/badtarget.conf"
status 3 "$T/badtarget.conf" -- /bin/true
grep -q "boot step 'share and expose'" "$T/err" || fail "failing bind not named: $(cat "$T/err")"
# A directory declared under a --share, the host's and kept across boots:
# a link its service's user made there (in a directory of its own, here
# pointing at a root directory of the container) is not followed, and the
# boot fails
# naming it; a declared directory under a share is made and owned as
# declared when nothing is in its way.
mkdir -p "$T/keep/app" "$T/rootonly"
chown 1000:100 "$T/keep/app"
ln -s /srv/rootonly "$T/keep/app/data"
{
	cat "$CONF"
	echo 'directory "/var/lib/keep/app/data/cache" { uid = 1000 gid = 100 mode = 0700 }'
} >"$T/share-link.conf"
status 3 --share "$T/keep=/var/lib/keep" --share "$T/rootonly=/srv/rootonly" \
	"$T/share-link.conf" -- /bin/true
grep -q "create '/var/lib/keep/app/data/cache': a symbolic link on its way" "$T/err" ||
	fail "a user's link under a share: $(cat "$T/err")"
[ ! -e "$T/rootonly/cache" ] || fail "a directory was made through a user's link under a share"
rm "$T/keep/app/data"
status 0 --share "$T/keep=/var/lib/keep" "$T/share-link.conf" -- /bin/true
[ "$(stat -c '%u:%g %a' "$T/keep/app/data/cache")" = "1000:100 700" ] ||
	fail "a directory under a share: $(stat -c '%u:%g %a' "$T/keep/app/data/cache")"
# A symbolic link in /etc/skel that leads back into it: the home's copy
# stops at a depth limit with a message (it recursed until no descriptor
# was left, 'Too many open files').
cp -a "$SYS/etc" "$T/loopetc"
ln -s .. "$T/loopetc/skel/.config/up"
sed "s|^etc = .*|etc = \"$T/loopetc\"|" "$CONF" >"$T/loop.conf"
status 3 "$T/loop.conf" -- /bin/true
grep -q "/etc/skel is more than 32 levels deep" "$T/err" || fail "skel loop: $(cat "$T/err")"
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked after failures"
# The launcher cannot make the network namespace (unshare(CLONE_NEWNET)
# refused by a seccomp filter): the boot stops at that step, saying why.
$CC -o "$T/refuse" "$SRC/tests/integration/seccomp-refuse.c" || fail "cannot build seccomp-refuse"
"$T/refuse" net "$PROBE" "$CONF" -- /bin/true 2>"$T/err" >/dev/null
rc=$?
[ $rc = 3 ] || { cat "$T/err"; fail "no network namespace: exited $rc, want 3"; }
grep -q "boot step 'join the network namespace': create the container's network namespace: Operation not permitted" "$T/err" ||
	fail "no network namespace: $(cat "$T/err")"
"$T/refuse" net "$PROBE" -N "$CONF" -- /bin/true 2>"$T/err" >/dev/null ||
	fail "-N needs no network namespace: $(cat "$T/err")"
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked after a failed network"
# PID 1 cannot make its mount namespace (unshare(CLONE_NEWNS) refused; PID 1
# makes it, and the UTS, IPC and cgroup ones, itself): the boot stops there,
# saying why, and nothing of the host's mounts is touched (the stage, had it
# run, would have made the host's / private and stacked a root on it).
host_root_propagation=$(awk '$5 == "/" { print $7 }' /proc/self/mountinfo)
"$T/refuse" ns "$PROBE" "$CONF" -- /bin/true 2>"$T/err" >/dev/null
rc=$?
[ $rc = 3 ] || { cat "$T/err"; fail "no mount namespace: exited $rc, want 3"; }
grep -q "boot step 'create the container's namespaces': unshare 'mount, UTS, IPC and cgroup'.*Operation not permitted" "$T/err" ||
	fail "no mount namespace: $(cat "$T/err")"
[ "$(awk '$5 == "/" { print $7 }' /proc/self/mountinfo)" = "$host_root_propagation" ] ||
	fail "the host's / changed after a failed mount namespace"

# PID 1 does not keep what its caller ignored (a shell ignores SIGINT and
# SIGQUIT in background jobs).
out=$(trap '' INT QUIT PIPE && "$PROBE" "$CONF" -- /bin/bash -c 'while read -r k v; do [ "$k" = SigIgn: ] && echo "$v"; done </proc/1/status' 2>"$T/err")
[ "$out" = 0000000000000000 ] || fail "PID 1 kept ignored signals: $out $(cat "$T/err")"

# A caller that ignores SIGCHLD (SIG_IGN survives exec): the launcher still
# gets COMMAND's status; the kernel would reap PID 1 unseen, and the waiter
# wait for ever.  (perl: dash will not ignore SIGCHLD.)
ignore_chld() { timeout 60 perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or die "exec: $!\n"' "$@"; }
ignore_chld "$PROBE" "$CONF" -- /bin/bash -c 'exit 5' 2>"$T/err"
rc=$?
[ $rc = 5 ] || fail "SIGCHLD ignored by the caller: launcher exited $rc, want 5 $(cat "$T/err")"

# PID 1 and COMMAND run on the launcher's CPUs (the launcher moves PID 1
# off its own CPU while it sets up), whatever they are.
cpus() { sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "$@"; }
want=$(cpus /proc/self/status)
out=$("$PROBE" "$CONF" -- /bin/bash -c 'while read -r k v; do [ "$k" = Cpus_allowed_list: ] && echo "$v"; done </proc/1/status; while read -r k v; do [ "$k" = Cpus_allowed_list: ] && echo "$v"; done </proc/self/status' 2>"$T/err")
[ "$out" = "$(printf '%s\n%s' "$want" "$want")" ] || fail "CPUs: PID 1 and COMMAND have '$out', the launcher '$want'"
if command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ]; then
	out=$(taskset -c 0 "$PROBE" "$CONF" -- /bin/bash -c 'while read -r k v; do [ "$k" = Cpus_allowed_list: ] && echo "$v"; done </proc/1/status' 2>"$T/err")
	[ "$out" = 0 ] || fail "CPUs: a launcher on CPU 0 gave PID 1 '$out'"
fi

# Nothing of the launcher's command line (store and boot.conf paths) or
# environment is readable in /proc/1; COMMAND gets TERM.
out=$(GXSYS_TEST_SECRET=hunter2 TERM=xterm-test "$PROBE" "$CONF" -- /bin/bash -c \
	'tr "\0" " " </proc/1/cmdline; echo; tr "\0" "\n" </proc/1/environ; echo "term=$TERM"' 2>"$T/err") ||
	fail "cmdline check: $(cat "$T/err")"
case $out in
*"$T"* | *hunter2*) fail "/proc/1 shows the launcher's command line or environment: $out" ;;
esac
[ "$(echo "$out" | head -n 1 | sed 's/ *$//')" = gxsys-init ] || fail "PID 1's command line: $out"
echo "$out" | grep -q '^term=xterm-test$' || fail "COMMAND lost TERM: $out"

# 3. Pid files: written by PID 1 once it is set up, before COMMAND (or any
# service) starts, with the PID the host sees; refused up front when their
# directory cannot be opened.
mkdir -p "$T/piddir"
"$PROBE" --pid-file "$T/piddir/p" --expose "$T/piddir=/piddir" "$CONF" -- \
	/bin/bash -c 'read -r p </piddir/p && [ "$p" -gt 1 ] && echo "$p"' >"$T/out" 2>"$T/err" ||
	{ cat "$T/err"; fail "pid file missing when COMMAND started"; }
grep -q "^system container is running as PID $(cat "$T/out")\$" "$T/err" ||
	fail "pid file $(cat "$T/out") differs from the PID said: $(cat "$T/err")"
[ -z "$(ls -A "$T/piddir")" ] || fail "pid file or its temporary left behind: $(ls -A "$T/piddir")"
# A relative pid file is in the launcher's working directory on the host
# (it was written in the container's root, where the host never saw it).
(cd "$T/piddir" && "$PROBE" --pid-file rel.pid --expose "$T/piddir=/piddir" "$CONF" -- \
	/bin/bash -c 'read -r p </piddir/rel.pid && [ ! -e /rel.pid ] && echo "$p"') \
	>"$T/out" 2>"$T/err" || fail "relative pid file: not on the host, or inside: $(cat "$T/err")"
grep -q "^system container is running as PID $(cat "$T/out")\$" "$T/err" ||
	fail "relative pid file $(cat "$T/out") differs from the PID said: $(cat "$T/err")"
[ -z "$(ls -A "$T/piddir")" ] || fail "relative pid file left behind: $(ls -A "$T/piddir")"
status 3 --pid-file "$T/no/such/dir/pid" "$CONF" -- /bin/true
grep -q "boot step 'open host sources': open the directory of the pid file" "$T/err" ||
	fail "bad pid file directory not named: $(cat "$T/err")"
status 1 --pid-file "$T/piddir/" "$CONF" -- /bin/true
grep -q "names a directory" "$T/err" || fail "pid file naming a directory: $(cat "$T/err")"
# A pid file in a directory the container shares, which root inside can
# change before the launcher removes the file.  A FIFO in its place: the
# launcher's open of it blocked for ever once the container was gone.
mkdir -p "$T/pidshare"
timeout -s KILL 30 "$PROBE" --pid-file "$T/pidshare/p" --share "$T/pidshare=/ps" "$CONF" -- \
	/bin/bash -c 'rm /ps/p && mkfifo /ps/p' >/dev/null 2>"$T/err"
rc=$?
[ $rc = 0 ] || fail "a FIFO in place of the pid file: the launcher exited $rc (137: it hung) $(cat "$T/err")"
rm -f "$T/pidshare/p"
# A symbolic link in place of its directory: the launcher's unlink
# followed it to the host's file of that name (here: one holding PID 1's
# pid, as the pid file did).
mkdir -p "$T/pidshare/d" "$T/victim"
start_bg "$T/pidshare/d/p" "$PROBE" --pid-file "$T/pidshare/d/p" --share "$T/pidshare=/ps" "$CONF"
cp "$T/pidshare/d/p" "$T/victim/p"
"$B/gxsys-init" exec "$pid1" /bin/bash -c "rm -r /ps/d && ln -s '$T/victim' /ps/d" ||
	fail "cannot put a link in place of the pid file's directory"
kill -TERM "$launcher"
wait "$launcher" || fail "pid file behind a link: launcher exited $?"
wait_gone "$pid1"
[ -f "$T/victim/p" ] || fail "the launcher removed a host file through a link the container made"
rm -rf "$T/pidshare" "$T/victim"
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked after pid file checks"

# 4. --lock: held for the container's life (flock -n fails meanwhile, then
# succeeds); refused while another process holds it.
"$PROBE" --lock "$T/lock" "$CONF" -- /bin/true 2>"$T/err" || fail "--lock: $(cat "$T/err")"
# A lock file left with something longer in it (a crash) says the system
# only (rewritten, not truncated to nothing first).
printf '%s\n' "$SYS$SYS$SYS" >"$T/lock"
"$PROBE" --lock "$T/lock" "$CONF" -- /bin/bash -c 'sleep 2' 2>"$T/lockerr" &
LOCKPID=$!
PIDS="$PIDS $LOCKPID"
i=0
until grep -q "running as PID" "$T/lockerr"; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "--lock: the container did not start"
	sleep 0.1
done
if flock -n "$T/lock" true; then fail "--lock: not held while the container runs"; fi
[ "$(cat "$T/lock")" = "$SYS" ] || fail "--lock: the lock file does not name the system: $(cat "$T/lock")"
status 1 --lock "$T/lock" "$CONF" -- /bin/true
grep -q "lock '$T/lock' is held: this instance is already running" "$T/err" ||
	fail "--lock held elsewhere: $(cat "$T/err")"
wait "$LOCKPID" || fail "--lock: the first container failed"
[ ! -e "$T/lock" ] || fail "--lock: the lock file is left after the container stopped"
flock -n "$T/lock" true || fail "--lock: still held after the container stopped"
# The lock's directory is made, with its parents, when it is missing, and
# stays (only the lock and pid files go).
"$PROBE" --lock "$T/run/state/x.lock" --pid-file "$T/run/state/x.pid" "$CONF" -- /bin/true \
	2>"$T/err" || fail "--lock in a missing directory: $(cat "$T/err")"
[ -d "$T/run/state" ] || fail "--lock: the made directory is gone"
[ -z "$(ls -A "$T/run/state")" ] || fail "--lock: files left: $(ls -A "$T/run/state")"

# /etc when no overlay can be stacked on the system's etc (here: an etc that
# is already two overlays deep, in a private mount namespace): the fallback
# tree of symlinks into /etc/static, with writable account files.
O=$T/ovl
mkdir -p "$O/u1" "$O/w1" "$O/m1" "$O/u2" "$O/w2" "$O/m2"
sed "s|^etc = .*|etc = \"$O/m2\"|" "$CONF" >"$T/ovl.conf"
unshare --mount --propagation private sh -c '
	mount -t overlay ovl -o "lowerdir=$1,upperdir=$2/u1,workdir=$2/w1" "$2/m1" &&
	mount -t overlay ovl -o "lowerdir=$2/m1,upperdir=$2/u2,workdir=$2/w2" "$2/m2" &&
	exec "$3" "$4" -- /bin/bash -c "[ \"\$(readlink /etc/motd)\" = /etc/static/motd ] &&
		[ \"\$(cat /etc/motd)\" = welcome ] && [ \"\$(stat -c %a /etc/shadow)\" = 600 ] &&
		[ \"\$(stat -c %a /etc)\" = 755 ] &&
		[ ! -L /etc/passwd ] && echo x >>/etc/passwd && [ -d /etc/skel ] && [ ! -L /etc/skel ] &&
		! touch /etc/static/x 2>/dev/null"' sh "$SYS/etc" "$O" "$PROBE" "$T/ovl.conf" 2>"$T/err" ||
	{ cat "$T/err"; fail "/etc fallback without an overlay"; }
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked from the /etc fallback test"

# network = true: the host's network namespace, no /sys, its resolv.conf.
sed 's/^host-name.*/&\nnetwork = true/' "$CONF" >"$T/net.conf"
hostnet=$(readlink /proc/self/ns/net)
"$PROBE" "$T/net.conf" -- /bin/bash -c '[ -z "$(ls /sys)" ] && readlink /proc/self/ns/net && cat /etc/resolv.conf' >"$T/net.out" 2>"$T/err" ||
	{ cat "$T/err"; fail "network = true"; }
[ "$(head -n 1 "$T/net.out")" = "$hostnet" ] || fail "network = true: not the host's network namespace"
# No net_raw on the host's network: raw and packet sockets would read and
# forge the host's traffic.  Everything else is the private network's set.
"$PROBE" "$T/net.conf" -- /bin/bash -c '[ "$(sed -n "s/^CapBnd:\t//p" /proc/self/status)" = 00000000a00405fb ]' ||
	fail "network = true: net_raw kept in the bounding set"
"$PROBE" "$T/net.conf" -- /bin/bash -c '(exec 3>>/proc/sys/net/ipv4/ip_forward) 2>/dev/null' 2>"$T/err" &&
	fail "network = true: the host's /proc/sys/net is writable inside"
if [ -f /etc/resolv.conf ]; then
	tail -n +2 "$T/net.out" | cmp -s - /etc/resolv.conf || fail "network = true: resolv.conf differs from the host's"
fi
# and the host's hosts, services and nsswitch.conf, as Guix's -N maps them
for f in hosts services nsswitch.conf; do
	[ -f "/etc/$f" ] || continue
	"$PROBE" "$T/net.conf" -- /bin/cat "/etc/$f" >"$T/net.out" 2>"$T/err" ||
		{ cat "$T/err"; fail "network = true: no /etc/$f"; }
	cmp -s "$T/net.out" "/etc/$f" || fail "network = true: /etc/$f differs from the host's"
done
"$PROBE" "$CONF" -- /bin/readlink /proc/self/ns/net >"$T/net.out" 2>/dev/null
[ "$(cat "$T/net.out")" != "$hostnet" ] || fail "network = false: shares the host's network namespace"

# Started in a chroot (a build root, a debootstrap tree), the launcher
# finds its binary by the path it has there.  Here the chroot is the
# host's root bound at $T/chroot, and the binary is on a tmpfs that only
# the chroot has at $T/cbin.  Before, PID 1 read /proc/self/exe after
# leaving the launcher's mount namespace, got the path from the real root
# ($T/chroot$T/cbin/...), which the chroot does not have, and the boot
# failed: "take the init binary '/proc/self/exe': No such file or
# directory".
mkdir -p "$T/chroot" "$T/cbin"
unshare --mount sh -c 'mount --make-rprivate / && mount --rbind / "$1" &&
	mount -t tmpfs tmpfs "$1$2" && cp "$3" "$1$2/probe" &&
	exec chroot "$1" "$2/probe" "$4" -- /bin/true' sh "$T/chroot" "$T/cbin" "$PROBE" "$CONF" \
	>/dev/null 2>"$T/err" || { cat "$T/err"; fail "gxsys-init in a chroot"; }
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked from the chroot test"

# 3. A running container: exec into it, then SIGTERM through the launcher.
start_bg "$T/run.pid" "$PROBE" --pid-file "$T/run.pid" "$CONF"
# The launcher cloned PID 1 into its own memory and then left it: it has
# exec'd its waiter (empty environment), which is back in the host's
# network namespace, while PID 1 is in the one the launcher made for it.
tr '\0' ' ' <"/proc/$launcher/cmdline" | grep -q -- ' --launcher-waiter ' ||
	fail "the launcher did not exec its waiter: $(tr '\0' ' ' <"/proc/$launcher/cmdline")"
[ ! -s "/proc/$launcher/environ" ] || fail "the waiter kept the launcher's environment"
[ "$(readlink "/proc/$launcher/ns/net")" = "$hostnet" ] ||
	fail "the launcher stayed in the container's network namespace"
[ "$(readlink "/proc/$pid1/ns/net")" != "$hostnet" ] || fail "PID 1 is in the host's network namespace"
! cmp -s "/proc/$pid1/maps" "/proc/$launcher/maps" ||
	fail "PID 1 and the launcher share their memory"
out=$(cd "$T" && TERM=xterm FOO=bar "$B/gxsys-init" exec "$pid1" -- /bin/bash -c 'echo "$(hostname) $(pwd) $TERM ${FOO:-unset} $PATH $(cat /proc/1/comm)"')
[ "$out" = "probe-host / xterm unset /usr/bin:/usr/sbin:/run/gxsys/bin init-probe" ] ||
	fail "exec: got '$out'"
"$B/gxsys-init" exec "$pid1" /bin/bash -c 'exit 5'
[ $? = 5 ] || fail "exec exit status"
ignore_chld "$B/gxsys-init" exec "$pid1" /bin/bash -c 'exit 5'
[ $? = 5 ] || fail "exec exit status with SIGCHLD ignored by the caller"
"$B/gxsys-init" exec "$pid1" /no/such
[ $? = 127 ] || fail "exec of a missing command"
"$B/gxsys-init" exec "$pid1" /bin/bash -c 'kill -TERM $$'
[ $? = 143 ] || fail "exec killed by a signal"
"$B/gxsys-init" exec "$pid1" -- /bin/bash -c '[ "$(sed -n "s/^CapBnd:\t//p" /proc/self/status)" = 00000000a00425fb ]' ||
	fail "exec: capabilities not reduced"
out=$("$B/gxsys-init" exec "$pid1" -- /bin/sed -n 's/^Cap\(Inh\|Amb\):\t//p' /proc/self/status | tr '\n' ' ')
[ "$out" = "0000000000000000 0000000000000000 " ] || fail "exec: inheritable or ambient capabilities: $out"
"$B/gxsys-init" exec $$ /bin/true 2>/dev/null
[ $? = 1 ] || fail "exec into a non-container"
"$B/gxsys-init" exec 999999999 /bin/true 2>/dev/null
[ $? = 1 ] || fail "exec into a missing process"
[ "$("$B/gxsys-init" exec "$pid1" /bin/ls /proc/self/fd 8<"$T" | tr '\n' ' ')" = "0 1 2 3 " ] ||
	fail "exec: an fd of the host reached the container"
kill -TERM "$launcher"
wait "$launcher"
rc=$?
[ $rc = 0 ] || { cat "$T/run.err"; fail "SIGTERM: launcher exited $rc"; }
wait_gone "$pid1"
[ ! -e "$T/run.pid" ] || fail "pid file left after SIGTERM"
# A pid file that names another process by then (a new instance wrote its
# own) is left alone.
start_bg "$T/other.pid" "$PROBE" --pid-file "$T/other.pid" "$CONF"
echo 4242 >"$T/other.pid"
kill -TERM "$launcher"
wait "$launcher" || fail "SIGTERM: launcher exited $?"
wait_gone "$pid1"
[ "$(cat "$T/other.pid" 2>/dev/null)" = 4242 ] || fail "a pid file naming another process was removed"

# exec into a container on the host's network: no net_raw either.
start_bg "$T/net.pid" "$PROBE" --pid-file "$T/net.pid" "$T/net.conf"
"$B/gxsys-init" exec "$pid1" -- /bin/bash -c '[ "$(sed -n "s/^CapBnd:\t//p" /proc/self/status)" = 00000000a00405fb ]' ||
	fail "exec on the host's network: net_raw kept in the bounding set"
kill -TERM "$launcher"
wait "$launcher" || fail "network = true: SIGTERM: launcher exited $?"
wait_gone "$pid1"

# On x86_64 gxsys-init's waiter runs before the C library starts
# (src/init/waiter.c): nothing has set up a heap, which the static C
# library's start-up does (the probe above is linked as a test program).
if [ "$(uname -m)" = x86_64 ]; then
	start_bg "$T/real.pid" "$B/gxsys-init" --pid-file "$T/real.pid" "$CONF"
	tr '\0' ' ' <"/proc/$launcher/cmdline" | grep -q -- ' --launcher-waiter ' ||
		fail "gxsys-init did not exec its waiter"
	if grep -q '\[heap\]' "/proc/$launcher/maps"; then
		fail "gxsys-init's waiter started the C library: $(cat "/proc/$launcher/maps")"
	fi
	kill -TERM "$launcher"
	wait "$launcher" || fail "gxsys-init: SIGTERM: launcher exited $?"
	wait_gone "$pid1"
fi

# The waiter's command line is internal: anything else is refused.
"$B/gxsys-init" --launcher-waiter 1 x 2>"$T/err"
{ [ $? = 2 ] && grep -q "bad arguments" "$T/err"; } || fail "waiter: bad arguments accepted"
# ... and is gxsys-init's only: run as herd, the same words are herd's.
ln -s "$B/gxsys-init" "$T/herd"
"$T/herd" --launcher-waiter 1 x >"$T/err" 2>&1
grep -q "Usage: herd" "$T/err" || fail "herd took the waiter's command line: $(cat "$T/err")"

# /dev/console is the launcher's terminal when it has one.
if command -v script >/dev/null; then
	script -qec "'$PROBE' '$CONF' -- /bin/bash -c '[ -c /dev/console ] && [ -t 1 ]'" /dev/null \
		</dev/null >"$T/console.out" 2>&1 ||
		{ cat "$T/console.out"; fail "no /dev/console with a terminal"; }
fi

# 4. SIGKILL of the launcher: the container dies, nothing is left.
start_bg "$T/kill.pid" "$PROBE" --pid-file "$T/kill.pid" --share "$T/share=/mnt/share" "$CONF"
"$B/gxsys-init" exec "$pid1" /bin/sleep 1000 &
sleeper=$!
PIDS="$PIDS $sleeper"
i=0
until inner=$(ps -o pid= --ppid "$sleeper" | tr -d ' ') && [ -n "$inner" ]; do
	i=$((i + 1)); [ $i -lt 300 ] || fail "exec'd sleep did not start"; sleep 0.1
done
PIDS="$PIDS $inner"
kill -KILL "$launcher"
wait "$launcher" 2>/dev/null
wait_gone "$pid1"
wait_gone "$inner"
wait "$sleeper" 2>/dev/null
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked after SIGKILL"
echo "ok"
