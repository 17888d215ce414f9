#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# Every file in examples/ is built into a temporary store and booted; checks
# run inside through `run-container -- COMMAND`.  Also: a rebuild of an
# unchanged config prints the same path and imports nothing.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

# bare-bones: host name, users, homes, /etc, bash/ls/ps, only what is declared.
build "$SRC/examples/bare-bones.scm"
first=$LAUNCHER
iname bare
inside "$N" '
	echo "uname=$(uname -n)"
	echo "etc-hostname=$(cat /etc/hostname)"
	echo "hostname-cmd=$(hostname)"
	command -v mount logger >/dev/null && mount | grep -q " on /usr " && echo util-linux-all
	id alice
	id root
	stat -c "home=%n %U %a" /home/alice /root
	grep "^alice:x:1000:[0-9]*:Bob.s sister:/home/alice:/bin/bash$" /etc/passwd && echo passwd-ok
	grep "^wheel:.*alice" /etc/group && echo group-ok
	cat /etc/timezone
	bash -c "echo bash-works"
	ls /usr/bin/ls >/dev/null && echo ls-works
	ps -e -o pid,comm | grep -q "ps$" && echo ps-works
	[ -e /usr/sbin/nginx ] || [ -e /usr/sbin/sshd ] || echo no-undeclared-software
	[ -e /run/current-system/profile/bin/bash ] && echo current-system
	[ -s /etc/ssl/certs/ca-certificates.crt ] && echo ca-bundle
	[ -s /etc/ld.so.cache ] && echo ld-so-cache
	stat -c "var=%n %a %U:%G" /var/tmp /var/local /var/log
	setpriv --reuid=alice --regid=users --init-groups touch /var/tmp/alice-was-here && echo var-tmp-writable
	(. /etc/environment && export LANG && locale 2>&1 >/dev/null | grep -q . || echo lang-set)
	(. /etc/environment && echo "lang=$LANG" && LC_ALL=$LANG locale -k thousands_sep)
	env -i PATH=/usr/bin:/bin bash --login -c "echo login-lang=\$LANG"
	env -i PATH=/usr/bin:/bin LANG=C bash --login -c "echo login-kept=\$LANG"
' || fail "bare-bones: boot or checks failed"
expect_out '^uname=komputilo$' "bare-bones host name (uname)"
expect_out '^etc-hostname=komputilo$' "bare-bones /etc/hostname"
# %base-packages' inetutils gives hostname, as in Guix (Debian's hostname)
expect_out '^hostname-cmd=komputilo$' "bare-bones hostname command"
# ... and util-linux mount and logger, as Guix's does (Debian's mount, bsdutils).
expect_out '^util-linux-all$' "bare-bones mount and logger (util-linux)"
expect_out '^uid=1000\(alice\) gid=[0-9]+\(users\) groups=[0-9]+\(users\),' "id alice"
for g in wheel audio video; do
	expect_out "^uid=1000\\(alice\\).*[0-9]\\($g\\)" "alice in group $g"
done
expect_out '^uid=0\(root\)' "id root"
expect_out '^home=/home/alice alice 700$' "alice's home"
expect_out '^passwd-ok$' "/etc/passwd entry of alice"
expect_out '^group-ok$' "/etc/group membership"
expect_out '^Europe/Berlin$' "/etc/timezone"
expect_out '^bash-works$' "bash"
expect_out '^ls-works$' "ls"
expect_out '^ps-works$' "ps"
expect_out '^no-undeclared-software$' "only declared software"
expect_out '^current-system$' "/run/current-system"
# /etc/environment's LANG is one the system has (en_US.utf8, declared, is
# compiled by no package: "locale" failed for it before)
expect_out '^lang-set$' "LANG of /etc/environment"
# ... and it is the declared one, which gxsys compiled from Debian's
# locales (en_US groups thousands with a comma, C.UTF-8 does not).
if dpkg-query -W -f='${Status}' locales 2>/dev/null | grep -q ' installed$'; then
	expect_out '^lang=en_US.utf8$' "LANG of /etc/environment is the declared locale"
	expect_out '^thousands_sep=","$' "the declared locale is compiled"
else
	expect_out '^lang=C.UTF-8$' "LANG falls back to C.UTF-8 without Debian's locales"
fi
# A login shell has /etc/environment's variables (no PAM, no pam_env),
# but not over one already set.
expect_out "^login-lang=$(sed -n 's/^lang=//p' "$T/out")\$" "a login shell's LANG from /etc/environment"
expect_out '^login-kept=C$' "a login shell keeps a LANG already set"
expect_out '^ca-bundle$' "CA bundle"
expect_out '^ld-so-cache$' "ld.so.cache"
# The /var skeleton has the modes the packages gave their directories
# (here, as on the host that built it: /var/tmp 1777, ...).
for d in /var/tmp /var/local /var/log; do
	[ -d "$d" ] || continue
	expect_out "^var=$d $(stat -c %a "$d") " "mode of $d as the package made it"
done
expect_out '^var-tmp-writable$' "a user can write to /var/tmp"
check_clean

# The same config again: same path, nothing imported, nothing built.
build "$SRC/examples/bare-bones.scm"
[ "$LAUNCHER" = "$first" ] || fail "rebuild gave $LAUNCHER, not $first"
if grep -E "importing|building" "$T/build.err" >/dev/null; then
	fail "the rebuild of an unchanged config did work"
fi

# web-server: nginx serves the declared page (curl when the host has it in
# the closure, else bash's /dev/tcp).
build "$SRC/examples/web-server.scm"
iname web
inside "$N" '
	# nginx is up once it wrote its PID file, after it opened its
	# sockets: the first connection must succeed, with no waiting.
	(exec 3<>/dev/tcp/127.0.0.1/80) 2>/dev/null && echo listening-at-once
	if command -v curl >/dev/null; then
		curl -s http://127.0.0.1/
		curl -s http://127.0.0.1/health
	else
		exec 3<>/dev/tcp/127.0.0.1/80
		printf "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3
		cat <&3
		exec 3<>/dev/tcp/127.0.0.1/80
		printf "GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3
		cat <&3
	fi
	[ -L /etc/nginx/modules-enabled ] || [ -d /etc/nginx/modules-enabled ] && echo modules-enabled
	grep -q "application/msword" /etc/nginx/mime.types && echo full-mime-types
' || fail "web-server: boot or checks failed"
expect_out 'Hello from a gxsys container!' "nginx serves the declared page"
expect_out '^ok' "nginx location /health"
expect_out '^modules-enabled$' "nginx modules-enabled"
expect_out '^listening-at-once$' "nginx listens once its service is up"
# nginx-common's full list, not gxsys's shorter fallback over it
expect_out '^full-mime-types$' "nginx's mime.types"
check_clean

# custom-service: the forkexec service runs as its user, with its log file.
build "$SRC/examples/custom-service.scm"
iname ticker
inside "$N" '
	for i in $(seq 100); do
		grep -q "^tick" /var/log/ticker.log 2>/dev/null && break
		sleep 0.1
	done
	ps -e -o user:12,args | grep "[t]icker.sh"
	ls -l /var/log/ticker.log
	cat /var/log/ticker.log
	cat /etc/motd
	grep ticker.example /etc/hosts
' || fail "custom-service: boot or checks failed"
expect_out '^ticker +(/usr)?/bin/sh .*ticker.sh' "ticker runs as user ticker"
expect_out '^tick [0-9]+' "ticker's log file"
expect_out '^Welcome to the ticker container.$' "/etc/motd from etc-service-type"
expect_out '^192.0.2.10 ticker.example ticker-alias$' "hosts-service-type entry"
check_clean

# make-system-destructor: run when its service stops, where no process is
# left once started (a make-system-constructor one-shot, a (const #t)
# marker), dependents first; at the container's shutdown too, the log file
# on the host's side of a --share showing it.
mkdir -p "$T/sd-share"
cat >"$T/sd.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules shepherd)
(operating-system
  (host-name "sdbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'hooks shepherd-root-service-type
          (list (shepherd-service
                 (provision '(setup))
                 (start #~(make-system-constructor "echo up > /run/setup-state"))
                 (stop #~(make-system-destructor
                          "echo \"down $(id -u)\" > /run/setup-state; echo setup-down >> /mnt/sd/log")))
                (shepherd-service
                 (provision '(mark))
                 (requirement '(setup))
                 (start #~(const #t))
                 (stop #~(make-system-destructor "echo mark-down >> /mnt/sd/log")))))
         %base-services)))
EOF
build "$T/sd.scm" --share="$T/sd-share=/mnt/sd"
iname sd
inside "$N" '
	herd status | grep -E "^(setup|mark) " | sed "s/^/before: /"
	echo "state=$(cat /run/setup-state)"
	herd stop setup >/dev/null 2>&1; echo "stop-rc=$?"
	echo "state-after=$(cat /run/setup-state)"
	herd status | grep -E "^(setup|mark) " | sed "s/^/after: /"
	herd start mark >/dev/null 2>&1; echo "start-rc=$?"
	echo "state-again=$(cat /run/setup-state)"
' || fail "make-system-destructor: boot or checks failed"
expect_out '^before: setup +done ' "the constructor's one-shot is done"
expect_out '^before: mark +running ' "the (const #t) marker runs"
expect_out '^state=up$' "the constructor ran"
expect_out '^stop-rc=0$' "herd stop setup"
expect_out '^state-after=down 0$' "the destructor ran, as root"
expect_out '^after: setup +stopped ' "setup is stopped"
expect_out '^after: mark +stopped ' "mark, which requires setup, was stopped first"
expect_out '^start-rc=0$' "herd start mark"
expect_out '^state-again=up$' "starting mark ran setup's constructor again"
# the host's view of the log: mark, setup (herd stop), then both again at
# the shutdown, in the same order
printf 'mark-down\nsetup-down\nmark-down\nsetup-down\n' >"$T/sd-want"
cmp -s "$T/sd-want" "$T/sd-share/log" || fail "destructor log: $(cat "$T/sd-share/log")"
check_clean

# Shepherd timers (make-timer-constructor), built and booted: one every
# second as its own user into its log file, stopping itself after three
# runs; one from a cron string that `herd trigger` runs at once, its output
# in the system log; the calendar in the system's time zone: a timer on
# this hour (and the next) of Pacific/Chatham's clock runs, one on this
# hour (and the next) of UTC's does not (Chatham is 12:45 or 13:45 ahead).
lh=$(TZ=Pacific/Chatham date +%-H)
uh=$(date -u +%-H)
cat >"$T/timers.scm" <<EOF
(define %local-hours (list $lh $(((lh + 1) % 24))))
(define %utc-hours (list $uh $(((uh + 1) % 24))))
EOF
cat >>"$T/timers.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules shepherd)
(operating-system
  (host-name "timebox")
  (timezone "Pacific/Chatham")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "ticker") (group "users") (system? #t))
               %base-user-accounts))
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-service
                 (provision '(tick))
                 (requirement '(user-processes))
                 (modules '((shepherd service timer)))
                 (start #~(make-timer-constructor
                           (calendar-event #:seconds (iota 60))
                           (command '("/bin/sh" "-c" "echo tick-$(id -un)")
                                    #:user "ticker" #:group "users")
                           #:log-file "/var/log/tick.log"
                           #:occurrences 3))
                 (stop #~(make-timer-destructor)))
                (shepherd-service
                 (provision '(nightly))
                 (modules '((shepherd service timer)))
                 (start #~(make-timer-constructor
                           (cron-string->calendar-event "15 3 * * *")
                           (command '("/bin/sh" "-c" "echo nightly-ran-$(date +%Z)"))
                           #:wait-for-termination? #t))
                 (stop #~(make-timer-destructor))
                 (actions (list shepherd-trigger-action)))
                (shepherd-service
                 (provision '(local-hour))
                 (start #~(make-timer-constructor
                           (calendar-event #:hours '#$%local-hours #:minutes (iota 60)
                                           #:seconds (iota 60))
                           (command '("/bin/true"))
                           #:occurrences 1))
                 (stop #~(make-timer-destructor)))
                (shepherd-service
                 (provision '(utc-hour))
                 (start #~(make-timer-constructor
                           (calendar-event #:hours '#$%utc-hours #:minutes (iota 60)
                                           #:seconds (iota 60))
                           (command '("/bin/true"))
                           #:occurrences 1))
                 (stop #~(make-timer-destructor)))))
         %base-services)))
EOF
build "$T/timers.scm"
grep -q "^	timer {" "$(dirname "$(sed -n "s/^system_boot_conf='\(.*\)'$/\1/p" "$LAUNCHER")")/boot.conf" ||
	fail "timers: no timer section in boot.conf"
iname timers
inside "$N" '
	for i in $(seq 100); do
		[ "$(herd status tick | awk "\$1 == \"tick\" { print \$2 }")" = stopped ] && break
		sleep 0.1
	done
	herd status | grep -E "^(tick|nightly|local-hour|utc-hour) " | sed "s/^/status: /"
	sed "s/^/tick-log: /" /var/log/tick.log
	stat -c "tick-log-owner: %U" /var/log/tick.log
	herd trigger nightly; echo "trigger-rc=$?"
	for i in $(seq 50); do grep -q nightly-ran /var/log/messages && break; sleep 0.1; done
	grep -o "nightly\[[0-9]*\]: nightly-ran-.*" /var/log/messages | sed "s/^/messages: /"
	grep -c "Timer tick: running process" /var/log/messages | sed "s/^/tick-runs: /"
' || fail "timers: boot or checks failed"
expect_out '^status: tick +stopped ' "tick stopped itself after its occurrences"
expect_out '^status: nightly +running +- ' "nightly is running, without a process"
expect_out '^tick-log: tick-ticker$' "tick ran as ticker into its log file"
[ "$(grep -c '^tick-log: tick-ticker$' "$T/out")" = 3 ] || fail "tick ran other than 3 times"
expect_out '^tick-log-owner: ticker$' "tick's log file is its user's"
expect_out '^Timer nightly triggered: process [0-9]+\.$' "herd trigger nightly"
expect_out '^trigger-rc=0$' "herd trigger's exit status"
expect_out '^messages: nightly\[[0-9]+\]: nightly-ran-\+(12|13)(45)?$' \
	"nightly's output in the system log, in the system's time zone"
expect_out '^tick-runs: 3$' "tick's runs in the system log"
expect_out '^status: local-hour +stopped ' "a timer on the local hour ran (and stopped itself)"
expect_out '^status: utc-hour +running ' "a timer on UTC's hour did not run"
check_clean

# ssh-server: sshd accepts alice's key over loopback and refuses passwords.
# The example's alice.pub is replaced by a key made here (its private half
# is not in the tree).
mkdir -p "$T/ssh"
cp "$SRC/examples/ssh-server.scm" "$T/ssh/"
ssh-keygen -q -t ed25519 -N "" -C test -f "$T/ssh/alice" || fail "ssh-keygen"
mv "$T/ssh/alice.pub" "$T/ssh/alice.pub.new" && mv "$T/ssh/alice.pub.new" "$T/ssh/alice.pub"
build "$T/ssh/ssh-server.scm" --share="$T/ssh=/mnt/keys"
iname ssh
inside "$N" '
	for i in $(seq 100); do
		(exec 3<>/dev/tcp/127.0.0.1/22) 2>/dev/null && break
		sleep 0.1
	done
	mkdir -p /root/.ssh && cp /mnt/keys/alice /root/.ssh/id && chmod 600 /root/.ssh/id
	o="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes"
	ssh $o -i /root/.ssh/id alice@127.0.0.1 "echo key-login-as-\$(id -un)"
	# alice gets a password, which the client then gives: refused, and
	# sshd offers public keys only (BatchMode alone would not even try).
	h=$(openssl passwd -6 s3cret) && sed -i "s|^alice:[^:]*:|alice:$h:|" /etc/shadow
	printf "#!/bin/sh\necho s3cret\n" >/root/askpass && chmod 700 /root/askpass
	SSH_ASKPASS=/root/askpass SSH_ASKPASS_REQUIRE=force setsid -w ssh \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o PubkeyAuthentication=no -o PreferredAuthentications=password \
		-o NumberOfPasswordPrompts=1 alice@127.0.0.1 "echo password-login" </dev/null 2>&1 |
		tr -d "\r" | grep -E "password-login|Permission denied"
' || fail "ssh-server: boot or checks failed"
expect_out '^key-login-as-alice$' "sshd accepts the authorized key"
expect_out '^alice@127.0.0.1: Permission denied \(publickey\)\.$' "sshd refuses alice's password"
grep -q '^password-login$' "$T/out" && fail "sshd let alice in with her password"
check_clean

# dropbear-server: dropbear accepts alice's key over loopback, refuses her
# password (given to her here) and root's key (root-login? #f); booted
# again with root-login? and password-authentication? #t, it lets root and
# the password in.  The host keys, in a shared directory, are made at the
# first boot only.  The example's alice.pub is replaced by a key made here
# (its private half is not in the tree).
mkdir -p "$T/dropbear" "$T/dbkeys"
cp "$SRC/examples/dropbear-server.scm" "$T/dropbear/"
ssh-keygen -q -t ed25519 -N "" -C test -f "$T/dropbear/alice" || fail "ssh-keygen"
openssl passwd -6 -salt gxsystest pw-of-alice >"$T/dropbear/alice.hash" || fail "openssl passwd"
db_checks='
	for i in $(seq 100); do
		(exec 3<>/dev/tcp/127.0.0.1/22) 2>/dev/null &&
			[ -s /home/alice/.ssh/authorized_keys ] && break
		sleep 0.1
	done
	mkdir -p /root/.ssh && cp /mnt/keys/alice /root/.ssh/id && chmod 600 /root/.ssh/id
	cp /mnt/keys/alice.pub /root/.ssh/authorized_keys
	o="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
	ssh $o -o BatchMode=yes -i /root/.ssh/id alice@127.0.0.1 "echo key-login-as-\$(id -un)"
	ssh $o -o BatchMode=yes -i /root/.ssh/id root@127.0.0.1 "echo key-login-as-\$(id -un)" 2>&1 |
		sed -n "s/.*Permission denied.*/root-refused/p; /^key-login-as-root$/p"
	sed -i "s|^alice:[^:]*:|alice:$(cat /mnt/keys/alice.hash):|" /etc/shadow &&
		grep -q "^alice:\\\$6\\\$gxsystest\\\$" /etc/shadow && echo alice-has-a-password
	printf "#!/bin/sh\necho pw-of-alice\n" >/tmp/askpass && chmod 755 /tmp/askpass
	SSH_ASKPASS=/tmp/askpass SSH_ASKPASS_REQUIRE=force ssh $o -o PubkeyAuthentication=no \
		-o PreferredAuthentications=password -o NumberOfPasswordPrompts=1 \
		alice@127.0.0.1 "echo password-login-as-\$(id -un)" </dev/null 2>&1 |
		sed -n "s/.*Permission denied (\(.*\)).*/password-refused \1/p; /^password-login/p"
	ps -o args= -p "$(cat /var/run/dropbear.pid)" | sed "s/^/dropbear=/"
	stat -c "key=%n %a %U" /var/lib/gxsys/dropbear/dropbear_ed25519_host_key
	grep -q "dropbear\[[0-9]*\]: Pubkey auth succeeded for .alice." /var/log/messages &&
		echo dropbear-syslog
'
build "$T/dropbear/dropbear-server.scm" --share="$T/dropbear=/mnt/keys"
iname dropbear
inside "$N" "$db_checks" --share="$T/dbkeys=/var/lib/gxsys/dropbear" ||
	fail "dropbear-server: boot or checks failed"
expect_out '^key-login-as-alice$' "dropbear accepts the authorized key"
expect_out '^alice-has-a-password$' "alice is given a password"
expect_out '^password-refused publickey$' "dropbear refuses a password (password-authentication? #f)"
grep -q '^password-login' "$T/out" && fail "dropbear let alice in with a password"
expect_out '^root-refused$' "dropbear refuses root (root-login? #f)"
grep -q '^key-login-as-root$' "$T/out" && fail "dropbear let root in with root-login? #f"
expect_out '^dropbear=/usr/sbin/dropbear -F -r /var/lib/gxsys/dropbear/dropbear_rsa_host_key .* -p 22 -P /var/run/dropbear.pid -w -s -g$' \
	"dropbear runs with Guix's command line, its PID file written"
expect_out '^key=/var/lib/gxsys/dropbear/dropbear_ed25519_host_key 600 root$' \
	"the host keys are made at boot"
expect_out '^dropbear-syslog$' "dropbear logs to syslog (/var/log/messages)"
check_clean
n=0
for t in rsa ecdsa ed25519; do
	[ -s "$T/dbkeys/dropbear_${t}_host_key" ] && n=$((n + 1))
done
[ "$n" = 3 ] || fail "the 3 host keys are not in the shared directory"
keysum=$(cat "$T/dbkeys"/* | md5sum)
sed 's/(root-login? #f)/(root-login? #t)/; s/(password-authentication? #f)/(password-authentication? #t)/' \
	"$SRC/examples/dropbear-server.scm" >"$T/dropbear/dropbear-server.scm"
for f in root-login? password-authentication?; do
	grep -qF "($f #t)" "$T/dropbear/dropbear-server.scm" || fail "no ($f #f) in the example"
done
build "$T/dropbear/dropbear-server.scm" --share="$T/dropbear=/mnt/keys"
inside "$N" "$db_checks" --share="$T/dbkeys=/var/lib/gxsys/dropbear" ||
	fail "dropbear-server, root and passwords allowed: boot or checks failed"
expect_out '^key-login-as-root$' "dropbear lets root in with root-login? #t"
expect_out '^password-login-as-alice$' "dropbear takes a password with password-authentication? #t"
expect_out '^dropbear=.* -P /var/run/dropbear.pid$' "no -w -s -g with root-login? and passwords"
check_clean
[ "$(cat "$T/dbkeys"/* | md5sum)" = "$keysum" ] || fail "the kept host keys were made again"

# cache-server: redis answers on 127.0.0.1:6379, runs as user redis with the
# generated /etc/redis/redis.conf, and keeps what it is given in its
# working directory.  Its service is up once redis-server runs (no PID
# file, as in Guix), so the check waits for it to listen.
build "$SRC/examples/cache-server.scm"
iname cache
inside "$N" '
	for i in $(seq 100); do
		[ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" = PONG ] && break
		sleep 0.1
	done
	echo "ping=$(redis-cli -h 127.0.0.1 -p 6379 ping)"
	redis-cli -h 127.0.0.1 set gxsys-key "hello redis" >/dev/null
	echo "get=$(redis-cli -h 127.0.0.1 get gxsys-key)"
	for p in $(pgrep -x redis-server); do
		echo "redis-user=$(stat -c %U /proc/$p)"
	done
	echo "wd=$(redis-cli -h 127.0.0.1 config get dir | tail -n 1)"
	stat -c "dir=%n %U:%G" /var/lib/redis
	redis-cli -h 127.0.0.1 save >/dev/null && [ -s /var/lib/redis/dump.rdb ] && echo saved
	cat /etc/redis/redis.conf
' || fail "cache-server: boot or checks failed"
expect_out '^ping=PONG$' "redis answers PING"
expect_out '^get=hello redis$' "redis SET/GET round trip"
expect_out '^redis-user=redis$' "redis-server runs as user redis"
grep '^redis-user=' "$T/out" | grep -v '^redis-user=redis$' && fail "a redis-server runs as another user"
expect_out '^wd=/var/lib/redis$' "redis's working directory"
expect_out '^dir=/var/lib/redis redis:redis$' "the working directory is redis's"
expect_out '^saved$' "redis saves to its working directory"
expect_out '^bind 127.0.0.1$' "the generated redis.conf"
check_clean

# memcached-server: memcached answers on 127.0.0.1:11211 (bash's /dev/tcp)
# as user memcached, its service started (its PID file, written by
# memcached after it dropped to its user and opened its sockets, was taken).
build "$SRC/examples/memcached-server.scm"
iname mc
inside "$N" '
	exec 3<>/dev/tcp/127.0.0.1/11211 && echo listening-at-once
	# one line of the answer, without its CR
	answer() { read -r line <&3 && echo "${line//[[:cntrl:]]/}"; }
	printf "version\r\n" >&3
	echo "version=$(answer)"
	printf "set gxsys 0 0 5\r\nhello\r\n" >&3
	echo "set=$(answer)"
	printf "get gxsys\r\n" >&3
	echo "get=$(answer)|$(answer)|$(answer)"
	exec 3>&-
	ps -o user:12= -o comm= -p "$(cat /var/run/memcached/pid)"
	stat -c "log=%n %U" /var/log/memcached
' || fail "memcached-server: boot or checks failed"
expect_out '^listening-at-once' "memcached listens once its service is up"
expect_out '^version=VERSION [0-9.]+$' "memcached answers version"
expect_out '^set=STORED$' "memcached stores a value"
expect_out '^get=VALUE gxsys 0 5\|hello\|END$' "memcached gives the value back"
expect_out '^memcached +memcached$' "memcached runs as user memcached (its PID file's)"
expect_out '^log=/var/log/memcached memcached$' "memcached's log file"
grep -q '^Service memcached has been started\.$' "$T/err" ||
	fail "the memcached service did not start (its PID file was not taken)"
check_clean

# database-server: PostgreSQL, its cluster made at boot by the
# postgresql-initdb one-shot in the declared locale, accepts connections on
# its socket (peer authentication) and keeps a table; the server runs as
# postgres, whose data directory is its own with mode 0700.  The
# postgres-roles one-shot made the declared roles with their permissions
# (alice's, and reports', which a simple-service extends the type with)
# and alice's database, owned by her, in which she works as herself over
# the socket; root may not pass for her.  Booted twice with a --share'd
# /var/lib/postgresql: the second boot keeps the cluster (initdb skipped,
# the table still there) and postgres-roles, run again, finds the roles
# and the database there and succeeds without making anything.
pg_checks='
	for i in $(seq 100); do
		pg_isready -q -h /var/run/postgresql -p 5432 && break
		sleep 0.1
	done
	as() { u=$1; shift; setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups "$@"; }
	sql() { as postgres psql -h /var/run/postgresql -X -A -t -v ON_ERROR_STOP=1 -c "$1"; }
	alice() { as alice psql -h /var/run/postgresql -X -A -t -v ON_ERROR_STOP=1 -c "$1"; }
	echo "select=$(sql "select 1")"
	echo "locale=$(sql "show lc_collate")"
	echo "postmaster-user=$(ps -o user= -p "$(head -n 1 /var/lib/postgresql/data/postmaster.pid)")"
	ps -e -o user:12= -o comm= | sed -n "s/^\([^ ]*\) *postgres$/postgres-user=\1/p"
	stat -c "data=%n %U:%G %a" /var/lib/postgresql/data
	stat -c "socket=%n %U" /var/run/postgresql/.s.PGSQL.5432
	sql "select rolname, rolcreatedb, rolsuper, rolcanlogin, rolcreaterole from pg_roles
		where rolname !~ '"'^pg_'"' order by rolname" | sed "s/^/role=/"
	sql "select datname, pg_get_userbyid(datdba), datcollate from pg_database
		where datname = '"'alice'"'" | sed "s/^/database=/"
	echo "alice-in=$(alice "select current_user || '"' '"' || current_database()")"
	psql -h /var/run/postgresql -U alice -X -c "select 1" 2>&1 | grep -o "Peer authentication failed"
	echo "roles-made=$(grep -c "^CREATE ROLE$" /var/log/postgresql_roles.log)"
	echo "databases-made=$(grep -c "^CREATE DATABASE$" /var/log/postgresql_roles.log)"
	stat -c "roles-log=%n %U" /var/log/postgresql_roles.log
'
mkdir "$T/pgshare"
build "$SRC/examples/database-server.scm"
iname db
inside "$N" "$pg_checks"'
	sql "create table t (v text)" && sql "insert into t values ('"'hello postgres'"')" &&
		echo "round-trip=$(sql "select v from t")"
	alice "create table notes (v text); insert into notes values ('"'mine'"')" &&
		echo "alice-table=$(alice "select v from notes")"
' --share="$T/pgshare=/var/lib/postgresql" || fail "database-server: boot or checks failed"
pg_expect() {
	expect_out '^select=1$' "postgres answers select 1 on its socket"
	expect_out '^locale=en_US.utf8$' "the cluster is made in the declared locale"
	expect_out '^postmaster-user=postgres$' "postgres runs as user postgres"
	expect_out '^postgres-user=postgres$' "postgres's processes run as user postgres"
	grep '^postgres-user=' "$T/out" | grep -v '^postgres-user=postgres$' &&
		fail "a postgres runs as another user"
	expect_out '^data=/var/lib/postgresql/data postgres:postgres 700$' \
		"the data directory is postgres's, 0700"
	expect_out '^socket=/var/run/postgresql/.s.PGSQL.5432 postgres$' "postgres's socket"
	# the declared roles, nothing else but postgres: name, createdb,
	# superuser, login, createrole
	[ "$(grep '^role=' "$T/out" | tr '\n' ' ')" = \
		"role=alice|t|f|t|f role=postgres|t|t|t|t role=reports|f|f|t|f " ] ||
		fail "the roles are not those declared, with their permissions"
	expect_out '^database=alice\|alice\|en_US.utf8$' "create-database? made alice's database, hers"
	expect_out '^alice-in=alice alice$' "alice connects to her database as herself (peer)"
	expect_out '^Peer authentication failed$' "root cannot connect as alice"
	expect_out '^roles-log=/var/log/postgresql_roles.log postgres$' "postgres-roles' log file"
	grep -q '^Service postgres-roles has been started' "$T/err" || fail "no postgres-roles one-shot"
	grep -q 'postgres-roles.*fail' "$T/err" && fail "postgres-roles failed"
}
pg_expect
expect_out '^round-trip=hello postgres$' "postgres CREATE TABLE/INSERT/SELECT round trip"
expect_out '^alice-table=mine$' "alice creates a table in her database"
expect_out '^roles-made=2$' "postgres-roles made the two roles"
expect_out '^databases-made=1$' "postgres-roles made alice's database"
grep -q '^Service postgresql-initdb has been started' "$T/err" || fail "no postgresql-initdb one-shot"
[ -s "$T/pgshare/data/PG_VERSION" ] || fail "the cluster is not in the shared directory"
check_clean
inside "$N" "$pg_checks"'
	echo "kept=$(sql "select v from t")"
	echo "alice-kept=$(alice "select v from notes")"
' --share="$T/pgshare=/var/lib/postgresql" || fail "database-server: second boot failed"
pg_expect
expect_out '^kept=hello postgres$' "the shared cluster is kept across boots"
expect_out '^alice-kept=mine$' "alice's database is kept across boots"
expect_out '^roles-made=0$' "postgres-roles makes no role that exists"
expect_out '^databases-made=0$' "postgres-roles makes no database that exists"
grep -q '^Service postgres has been started' "$T/err" || fail "postgres did not start on a kept cluster"
check_clean

# monitored-server: the node exporter serves /metrics on 127.0.0.1:9100 as
# user prometheus-node-exporter, with the container's host name, a .prom
# file of its textfile directory, and its log file; its extra option
# (--no-collector.systemd) reached its command line: no collector failed.
build "$SRC/examples/monitored-server.scm"
iname nx
inside "$N" '
	d=/var/lib/prometheus/node-exporter
	stat -c "dir=%n %U:%G %a" "$d"
	echo "gxsys_probe 42" >"$d/probe.prom"
	for i in $(seq 100); do
		curl -fsS -o /dev/null http://127.0.0.1:9100/metrics 2>/dev/null && break
		sleep 0.1
	done
	curl -fsS http://127.0.0.1:9100/metrics >/tmp/metrics && echo served
	grep -E "^(node_uname_info\{|gxsys_probe )" /tmp/metrics | sed "s/^/metric=/"
	grep -E "^node_uname_info\{.*nodename=\"monitored\"" /tmp/metrics >/dev/null && echo own-host-name
	grep -c "^node_" /tmp/metrics | sed "s/^/node-metrics=/"
	grep -q "collector=\"systemd\"" /tmp/metrics || echo no-systemd-collector
	for p in $(pgrep -x prometheus-node); do
		echo "user=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	done
	stat -c "log=%n %U" /var/log/prometheus-node-exporter.log
	grep -c "level=error" /var/log/prometheus-node-exporter.log | sed "s/^/log-errors=/"
	grep "level=error" /var/log/prometheus-node-exporter.log | grep -v "collector=diskstats"
	grep -q "msg=\"Listening on\" address=\[::\]:9100" /var/log/prometheus-node-exporter.log &&
		echo logged-listening
' || fail "monitored-server: boot or checks failed"
expect_out '^dir=/var/lib/prometheus/node-exporter prometheus-node-exporter:prometheus-node-exporter 775$' \
	"the textfile directory is the exporter's"
expect_out '^served$' "the node exporter serves /metrics"
expect_out '^metric=node_uname_info\{' "node_ metrics (node_uname_info)"
expect_out '^own-host-name$' "node_uname_info has the container's host name"
expect_out '^node-metrics=[1-9][0-9]{2,}$' "the collectors' node_ metrics"
expect_out '^metric=gxsys_probe 42$' "a .prom file of the textfile directory is served"
expect_out '^no-systemd-collector$' "extra-options reach the command line (no systemd collector)"
expect_out '^user=prometheus-node-exporter /usr/bin/prometheus-node-exporter --web.listen-address :9100 --collector.textfile.directory /var/lib/prometheus/node-exporter --no-collector.systemd $' \
	"the exporter runs as user prometheus-node-exporter with Guix's command line"
grep '^user=' "$T/out" | grep -v '^user=prometheus-node-exporter ' &&
	fail "a node exporter runs as another user"
expect_out '^log=/var/log/prometheus-node-exporter.log prometheus-node-exporter$' \
	"the exporter's log file"
expect_out '^logged-listening$' "the exporter logs to its log file"
# Its one error: diskstats has no /run/udev/data (no udev in a container).
expect_out '^log-errors=[01]$' "no collector fails (the log's errors)"
grep -q 'level=error' "$T/out" && fail "the exporter logged an error other than diskstats's"
check_clean

# git-server: git daemon serves /srv/git (made at activation, root's) as
# user git-daemon: a bare repository made inside, a commit pushed to it
# from a scratch clone, the repository given to git-daemon, then cloned
# back over git://127.0.0.1/.
build "$SRC/examples/git-server.scm"
iname git
inside "$N" '
	stat -c "base=%n %U:%G %a" /srv/git
	g() { git -c user.name=gxsys -c user.email=gxsys@localhost -c init.defaultBranch=main "$@"; }
	g init -q --bare /srv/git/hello.git &&
		g clone -q /srv/git/hello.git /tmp/work 2>/dev/null &&
		echo "hello git" >/tmp/work/README &&
		g -C /tmp/work add README &&
		g -C /tmp/work commit -q -m "first commit" &&
		g -C /tmp/work push -q origin HEAD:main && echo pushed
	# git (2.39.5 and later) serves only repositories of its own user
	chown -R git-daemon:git-daemon /srv/git/hello.git
	for i in $(seq 100); do
		git ls-remote git://127.0.0.1/hello.git >/dev/null 2>&1 && break
		sleep 0.1
	done
	git clone -q git://127.0.0.1/hello.git /tmp/copy && echo cloned
	echo "log=$(git -C /tmp/copy log --format=%s)"
	echo "readme=$(cat /tmp/copy/README)"
	[ "$(git -C /tmp/copy rev-parse HEAD)" = "$(git -C /tmp/work rev-parse HEAD)" ] &&
		echo same-commit
	for p in $(pgrep -x git-daemon); do
		echo "user=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	done
	git ls-remote git://127.0.0.1/nothing.git >/dev/null 2>&1 || echo no-such-repository
' || fail "git-server: boot or checks failed"
expect_out '^base=/srv/git root:root 755$' "the base path is made at activation"
expect_out '^pushed$' "a commit pushed to a bare repository of the base path"
expect_out '^cloned$' "git daemon serves the repository (clone over git://)"
expect_out '^log=first commit$' "the clone over git:// has the commit"
expect_out '^readme=hello git$' "the clone over git:// has the file"
expect_out '^same-commit$' "the clone's HEAD is the pushed commit"
expect_out '^user=git-daemon [^ ]*git-daemon --syslog --reuseaddr --export-all --base-path=/srv/git $' \
	"git daemon runs as user git-daemon with Guix's command line"
grep '^user=' "$T/out" | grep -v '^user=git-daemon ' && fail "a git daemon runs as another user"
expect_out '^no-such-repository$' "a repository that is not there is not served"
check_clean

# php-server: nginx hands index.php to php-fpm on its Unix socket
# (/var/run/php8-fpm.sock, php-fpm:nginx 0660); the page is computed by
# PHP 8.2; the master runs as root, its workers as php-fpm (the pool's
# user); the log files are php-fpm's.
build "$SRC/examples/php-server.scm"
iname php
inside "$N" '
	for i in $(seq 100); do
		curl -fsS -o /dev/null http://127.0.0.1/index.php 2>/dev/null && break
		sleep 0.1
	done
	echo "page=$(curl -fsS http://127.0.0.1/index.php)"
	stat -c "socket=%n %U:%G %a %F" /var/run/php8-fpm.sock
	for p in $(pgrep -f "^php-fpm: "); do
		echo "fpm=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	done
	echo "pid-file=$(cat /var/run/php8-fpm.pid)"
	echo "master-cmdline=$(tr "\0" " " </proc/$(cat /var/run/php8-fpm.pid)/cmdline)"
	stat -c "log=%n %U:%G %a" /var/log/php8-fpm.log /var/log/php8-fpm.www.log
	grep -q "ready to handle connections" /var/log/php8-fpm.log && echo logged-ready
' || fail "php-server: boot or checks failed"
expect_out '^page=42 8\.2\.[0-9]+' "nginx serves index.php computed by php-fpm (PHP 8.2)"
expect_out '^socket=/var/run/php8-fpm.sock php-fpm:nginx 660 socket$' \
	"php-fpm's socket is php-fpm:nginx, 0660"
expect_out '^fpm=root php-fpm: master process \(/etc/php-fpm.conf\)' "php-fpm's master runs as root"
expect_out '^fpm=php-fpm php-fpm: pool www' "php-fpm's workers run as php-fpm"
grep '^fpm=' "$T/out" | grep -v '^fpm=root php-fpm: master' | grep -v '^fpm=php-fpm php-fpm: pool www' &&
	fail "a php-fpm worker runs as another user"
expect_out '^log=/var/log/php8-fpm.log php-fpm:php-fpm 660$' "php-fpm's log file"
expect_out '^log=/var/log/php8-fpm.www.log php-fpm:php-fpm 660$' "php-fpm's workers' log file"
expect_out '^logged-ready$' "php-fpm logs to its log file"
check_clean

# cgi-server: nginx hands /cgi-bin/ to fcgiwrap on TCP 127.0.0.1:9000,
# which runs the example's hello.cgi (from cgi-root, its executable bit
# kept) as user fcgiwrap; the query string reaches it.
build "$SRC/examples/cgi-server.scm"
iname cgi
inside "$N" '
	for i in $(seq 100); do
		curl -fsS -o /dev/null http://127.0.0.1/cgi-bin/hello.cgi 2>/dev/null && break
		sleep 0.1
	done
	echo "page=$(curl -fsS "http://127.0.0.1/cgi-bin/hello.cgi?a=1&b=2")"
	for p in $(pgrep -x fcgiwrap); do
		echo "fcgiwrap=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	done
	herd status | grep "^fcgiwrap "
' || fail "cgi-server: boot or checks failed"
expect_out '^page=hello from fcgiwrap, query a=1&b=2$' "nginx runs hello.cgi through fcgiwrap, as fcgiwrap"
expect_out '^fcgiwrap=fcgiwrap /usr/sbin/fcgiwrap -s tcp:127.0.0.1:9000 $' \
	"fcgiwrap runs Guix's command line as its user"
expect_out '^fcgiwrap +running ' "herd sees fcgiwrap running"
check_clean

# dns-server: dnsmasq answers example.test from its `addresses' entry and
# the host name from /etc/hosts, forwards nothing (no-resolv?), and is up
# once its PID file names it: it opened port 53 before, so the first query
# is answered.  It runs as root with Guix's command line, then as nobody,
# to whom it gives its PID file.
build "$SRC/examples/dns-server.scm"
iname dns
inside "$N" '
	echo "first=$(dig +short +tries=1 +time=2 @127.0.0.1 example.test A)"
	host -t A example.test 127.0.0.1 | grep "has address"
	echo "hosts=$(dig +short @127.0.0.1 dns-server A)"
	dig @127.0.0.1 nowhere.invalid A | grep -o "status: [A-Z]*"
	pid=$(cat /run/dnsmasq.pid)
	echo "pid-file=$(stat -c %U /run/dnsmasq.pid) $(herd status dnsmasq | awk "\$1 == \"dnsmasq\" { print \$2, \$3 }") $pid"
	for p in $(pgrep -x dnsmasq); do
		echo "user=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	done
	stat -c "leases=%n %U:%G %a" /var/lib/misc
' || fail "dns-server: boot or checks failed"
expect_out '^first=10\.1\.2\.3$' "dnsmasq answers from its addresses once its service is up"
expect_out '^example\.test has address 10\.1\.2\.3$' "host resolves example.test against 127.0.0.1"
expect_out '^hosts=127\.0\.0\.1$' "dnsmasq answers the names of /etc/hosts"
expect_out '^status: REFUSED$' "with no-resolv? and no servers, other names are not forwarded"
pid=$(sed -n 's/^pid-file=nobody running \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$T/out")
if [ -z "$pid" ] || [ "${pid% *}" != "${pid#* }" ]; then
	fail "dnsmasq is running with the PID of its PID file, given to nobody"
fi
expect_out '^user=nobody /usr/sbin/dnsmasq --keep-in-foreground --pid-file=/run/dnsmasq.pid --port=53 --local-service --resolv-file=/etc/resolv.conf --no-resolv --address=/example.test/10.1.2.3 --cache-size=150 --tftp-root=/var/empty,lo $' \
	"dnsmasq runs Guix's command line, as nobody once its socket is open"
[ "$(grep -c '^user=' "$T/out")" = 1 ] || fail "one dnsmasq process"
expect_out '^leases=/var/lib/misc root:root 755$' "/var/lib/misc is made at activation"
check_clean

# rsync-server: rsync's daemon (as root, Guix's rsyncd.conf in /etc) serves
# two modules whose directories activation made, owned by rsyncd: the list
# of modules, a download from "pub", an upload refused by "pub" (read-only)
# and one taken by "incoming", written as rsyncd (the uid), each transfer
# chrooted in its module.
build "$SRC/examples/rsync-server.scm"
iname rsync
inside "$N" '
	stat -c "module=%n %U:%G %a" /srv/rsync/pub /srv/rsync/incoming
	echo "hello rsync" >/srv/rsync/pub/hello.txt
	for i in $(seq 100); do
		rsync rsync://127.0.0.1/ >/dev/null 2>&1 && break
		sleep 0.1
	done
	rsync rsync://127.0.0.1/ | sed "s/^/list=/; s/[[:space:]]\{1,\}/ /g"
	rsync rsync://127.0.0.1/pub/ | grep -q " hello.txt$" && echo pub-lists-hello
	rsync rsync://127.0.0.1/pub/hello.txt /tmp/got && echo "got=$(cat /tmp/got)"
	echo upload >/tmp/up.txt
	rsync /tmp/up.txt rsync://127.0.0.1/pub/ 2>/tmp/err || echo pub-refused
	grep -q "module is read only" /tmp/err && echo pub-read-only
	[ -e /srv/rsync/pub/up.txt ] || echo pub-unchanged
	rsync /tmp/up.txt rsync://127.0.0.1/incoming/ && echo uploaded
	stat -c "upload=%U:%G $(cat /srv/rsync/incoming/up.txt)" /srv/rsync/incoming/up.txt
	rsync rsync://127.0.0.1/nothing/ >/dev/null 2>&1 || echo no-such-module
	p=$(cat /var/run/rsyncd/rsyncd.pid)
	echo "daemon=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	grep -q "rsync to incoming/ from" /var/log/rsyncd.log && echo logged
	# rsync will not start over a PID file that exists: killed, it is
	# respawned all the same (the stale file removed first)
	kill -KILL "$p"
	for i in $(seq 100); do
		q=$(cat /var/run/rsyncd/rsyncd.pid 2>/dev/null)
		[ -n "$q" ] && [ "$q" != "$p" ] && rsync rsync://127.0.0.1/pub/hello.txt >/dev/null 2>&1 &&
			echo respawned && break
		sleep 0.1
	done
' || fail "rsync-server: boot or checks failed"
expect_out '^module=/srv/rsync/pub rsyncd:rsyncd 755$' "module pub's directory made at activation"
expect_out '^module=/srv/rsync/incoming rsyncd:rsyncd 755$' \
	"module incoming's directory made at activation"
expect_out '^list=pub Public files$' "rsync lists module pub with its comment"
expect_out '^list=incoming Uploads$' "rsync lists module incoming with its comment"
expect_out '^pub-lists-hello$' "rsync lists the files of module pub"
expect_out '^got=hello rsync$' "a download from module pub"
expect_out '^pub-refused$' "an upload to module pub fails"
expect_out '^pub-read-only$' "module pub is read-only (rsync-module's default)"
expect_out '^pub-unchanged$' "nothing was written to module pub"
expect_out '^uploaded$' "an upload to module incoming (read-only? #f)"
expect_out '^upload=rsyncd:rsyncd upload$' "the upload is written as rsyncd (uid and gid)"
expect_out '^no-such-module$' "a module that is not declared is not served"
expect_out '^daemon=root [^ ]*rsync --daemon --no-detach --config=/etc/rsyncd.conf $' \
	"rsync runs as root with its PID file, in the foreground"
expect_out '^logged$' "rsync logs to /var/log/rsyncd.log"
expect_out '^respawned$' "rsync killed is respawned and serves again"
check_clean

# mysql-server: MariaDB, its system tables made at boot by the mysql-install
# one-shot (as mysql), answers on its socket (root, unix_socket
# authentication: CREATE TABLE/INSERT/SELECT) and on 127.0.0.1:3306 (an
# account with a password, app@127.0.0.1: extra-content's skip-name-resolve
# keeps the client's address from becoming localhost); mariadbd runs as
# mysql with Guix's command line and its environment (extra-environment),
# reads the generated my.cnf (extra-content's character set), logs to
# /var/log/mysqld.log; the mysql-upgrade one-shot finds it up to date.  Booted twice with a --share'd
# /var/lib/mysql: the second boot keeps the database (mysql-install skipped).
my_checks='
	for i in $(seq 200); do
		mariadb-admin --socket=/run/mysqld/mysqld.sock ping >/dev/null 2>&1 && break
		sleep 0.1
	done
	sql() { mariadb --socket=/run/mysqld/mysqld.sock -N -B -e "$1"; }
	tcp() { mariadb -h 127.0.0.1 -P 3306 -u app -papp-secret -N -B -e "$1"; }
	echo "whoami=$(sql "select current_user()")"
	echo "charset=$(sql "select @@character_set_server")"
	echo "bind=$(sql "select @@bind_address")"
	for p in $(pgrep -x mariadbd); do
		echo "mariadbd=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
		setpriv --reuid=mysql --regid=mysql --clear-groups cat /proc/$p/environ |
			tr "\0" "\n" | grep "^TZ=" | sed "s/^/env=/"
	done
	stat -c "data=%n %U:%G %a" /var/lib/mysql /var/lib/mysql/mysql
	stat -c "socket=%n %U %F" /run/mysqld/mysqld.sock
	grep -q "ready for connections" /var/log/mysqld.log && echo logged-ready
	for i in $(seq 100); do
		grep -q "already upgraded\|OK$" /var/log/mysql_upgrade.log 2>/dev/null && break
		sleep 0.1
	done
	sed "s/^/upgrade=/" /var/log/mysql_upgrade.log
	grep -c "Installing MariaDB/MySQL system tables\|mysql.user table already exists" \
		/var/log/mysqld.log | sed "s/^/installs=/"
'
mkdir "$T/myshare"
build "$SRC/examples/mysql-server.scm"
iname my
inside "$N" "$my_checks"'
	sql "create database shop; create table shop.t (v varchar(40));
		insert into shop.t values ('"'hello mariadb'"')" &&
		echo "round-trip=$(sql "select v from shop.t")"
	sql "create user app@127.0.0.1 identified by '"'app-secret'"';
		grant all on shop.* to app@127.0.0.1" &&
		tcp "insert into shop.t values ('"'over tcp'"')" &&
		echo "tcp=$(tcp "select group_concat(v order by v) from shop.t")"
	echo "tcp-host=$(tcp "select host from information_schema.processlist where id = connection_id()")"
' --share="$T/myshare=/var/lib/mysql" || fail "mysql-server: boot or checks failed"
expect_out '^whoami=root@localhost$' "root logs in to MariaDB over its socket"
expect_out '^round-trip=hello mariadb$' "MariaDB CREATE TABLE/INSERT/SELECT round trip on its socket"
expect_out '^tcp=hello mariadb,over tcp$' "MariaDB answers over TCP on 127.0.0.1:3306"
expect_out '^tcp-host=127\.0\.0\.1:[0-9]+$' "the TCP client came over 127.0.0.1"
expect_out '^charset=utf8mb4$' "extra-content reaches the server's configuration"
expect_out '^bind=127\.0\.0\.1$' "bind-address reaches the server's configuration"
expect_out '^mariadbd=mysql /usr/sbin/mariadbd --defaults-file=/etc/mysql/mysqld.cnf $' \
	"mariadbd runs as mysql with Guix's command line"
grep '^mariadbd=' "$T/out" | grep -v '^mariadbd=mysql ' && fail "a mariadbd runs as another user"
expect_out '^env=TZ=UTC$' "extra-environment reaches mariadbd"
expect_out '^data=/var/lib/mysql mysql:mysql 755$' "the data directory is mysql's"
expect_out '^data=/var/lib/mysql/mysql mysql:mysql ' "the system tables are made by mysql"
expect_out '^socket=/run/mysqld/mysqld.sock mysql socket$' "mariadbd's socket"
expect_out '^logged-ready$' "mariadbd logs to /var/log/mysqld.log"
expect_out '^upgrade=.*already upgraded' "mysql-upgrade ran and found the tables up to date"
expect_out '^installs=1$' "mysql-install made the system tables (its output in /var/log/mysqld.log)"
grep -q '^Service mysql-install has been started' "$T/err" || fail "no mysql-install one-shot"
[ -d "$T/myshare/mysql" ] || fail "the system tables are not in the shared directory"
check_clean
inside "$N" "$my_checks"'
	echo "kept=$(sql "select group_concat(v order by v) from shop.t")"
' --share="$T/myshare=/var/lib/mysql" || fail "mysql-server: second boot failed"
expect_out '^kept=hello mariadb,over tcp$' "the shared databases are kept across boots"
expect_out '^installs=0$' "mysql-install skips a data directory that has its system tables"
expect_out '^mariadbd=mysql ' "mariadbd runs on a kept data directory"
check_clean

# onion-server: tor (as tor, Guix's `tor -f /etc/tor/torrc`) opens its
# SOCKS socket /var/run/tor/socks-sock and, with no network to reach the Tor
# network, still makes the onion service "web": its keys and hostname (a v3
# .onion name) in /var/lib/tor/hidden-services/web, a directory of tor's
# with mode 0700, made at activation.  nginx serves the page the service
# maps port 80 to.
build "$SRC/examples/onion-server.scm"
iname onion
inside "$N" '
	for i in $(seq 200); do
		[ -S /var/run/tor/socks-sock ] && [ -s /var/lib/tor/hidden-services/web/hostname ] && break
		sleep 0.1
	done
	for p in $(pgrep -x tor); do
		echo "tor=$(stat -c %U:%G /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	done
	stat -c "socks=%n %U:%G %F" /var/run/tor/socks-sock
	stat -c "run=%n %U:%G %a" /var/run/tor
	stat -c "data=%n %U:%G %a" /var/lib/tor /var/lib/tor/hidden-services/web
	echo "hostname=$(cat /var/lib/tor/hidden-services/web/hostname)"
	[ -s /var/lib/tor/hidden-services/web/hs_ed25519_secret_key ] && echo secret-key
	echo "page=$(curl -fsS http://127.0.0.1/ | grep -o "<h1>.*</h1>")"
	herd status | grep "^tor "
' || fail "onion-server: boot or checks failed"
expect_out '^tor=tor:tor /usr/bin/tor -f /etc/tor/torrc $' "tor runs Guix's command line as tor"
[ "$(grep -c '^tor=' "$T/out")" = 1 ] || fail "one tor process"
expect_out '^socks=/var/run/tor/socks-sock tor:tor socket$' "tor opens its SOCKS socket"
expect_out '^run=/var/run/tor tor:tor 750$' "/var/run/tor is tor's, 0750"
expect_out '^data=/var/lib/tor tor:tor 700$' "/var/lib/tor is tor's, 0700"
expect_out '^data=/var/lib/tor/hidden-services/web tor:tor 700$' \
	"the onion service's directory is tor's, 0700"
expect_out '^hostname=[a-z2-7]{56}\.onion$' "tor makes the onion service's v3 hostname"
expect_out '^secret-key$' "tor makes the onion service's key"
expect_out '^page=<h1>Hello from an onion service in a gxsys container!</h1>$' \
	"nginx serves the page the onion service maps to"
expect_out '^tor +running ' "herd sees tor running"
check_clean

# dns-resolver: unbound answers www.example.test from its server's
# extra-options (local-data), NXDOMAIN for other names of the static zone
# extra-content declares, and is controlled through Guix's socket
# /run/unbound.sock.  It runs Guix's command line as root, then as unbound.
build "$SRC/examples/dns-resolver.scm"
iname resolver
inside "$N" '
	for i in $(seq 50); do
		a=$(dig +short +tries=1 +time=1 @127.0.0.1 www.example.test A 2>/dev/null) &&
			[ -n "$a" ] && break
		sleep 0.1
	done
	echo "answer=$a"
	host -t A www.example.test 127.0.0.1 | grep "has address"
	dig @127.0.0.1 nowhere.example.test A | grep -o "status: [A-Z]*"
	dig +short @127.0.0.1 version.bind TXT CH | sed "s/^/version=/"
	echo "control=$(unbound-control -c /etc/unbound/unbound.conf status 2>&1 | grep -c "is running")"
	stat -c "socket=%n %F" /run/unbound.sock
	for p in $(pgrep -x unbound); do
		echo "user=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	done
	herd status | grep "^unbound "
	unbound-checkconf /etc/unbound/unbound.conf
' || fail "dns-resolver: boot or checks failed"
expect_out '^answer=10\.9\.8\.7$' "unbound answers the local-data of its extra-options"
expect_out '^www\.example\.test has address 10\.9\.8\.7$' "host resolves www.example.test against 127.0.0.1"
expect_out '^status: NXDOMAIN$' "extra-content's static local zone answers NXDOMAIN for other names"
grep -q '^version=.*[0-9]' "$T/out" && fail "hide-version: unbound tells its version"
expect_out '^control=1$' "unbound-control reaches unbound through /run/unbound.sock"
expect_out '^socket=/run/unbound.sock socket$' "the control socket"
expect_out '^user=unbound /usr/sbin/unbound -d -p -c /etc/unbound/unbound.conf $' \
	"unbound runs Guix's command line, as unbound once its ports are open"
[ "$(grep -c '^user=' "$T/out")" = 1 ] || fail "one unbound process"
expect_out '^unbound +running ' "herd sees unbound running"
expect_out '^unbound-checkconf: no errors in /etc/unbound/unbound.conf$' \
	"unbound-checkconf reads the generated unbound.conf"
check_clean

# apache-server: Apache (Debian's apache2, run as Guix's httpd service
# runs httpd, with the generated /etc/httpd/httpd.conf, in the foreground)
# serves the declared page from its document root on port 80 and the
# virtual host a simple-service adds on port 8080; its parent runs as
# root, its workers as the declared user httpd; it writes its PID file and
# its error log, in the directory made at activation.
build "$SRC/examples/apache-server.scm"
iname apache
inside "$N" '
	# up once apache2 wrote its PID file, after opening its sockets
	echo "page=$(curl -fsS http://127.0.0.1/ | grep -o "<h1>.*</h1>")"
	echo "vhost=$(curl -fsS http://127.0.0.1:8080/ | grep -o "<h1>.*</h1>")"
	echo "type=$(curl -fsS -o /dev/null -w "%{content_type}" http://127.0.0.1/index.html)"
	curl -s -o /dev/null -w "missing=%{http_code}\n" http://127.0.0.1/nowhere.html
	pid=$(cat /var/run/httpd)
	echo "parent=$(stat -c %U /proc/$pid) $(tr "\0" " " </proc/$pid/cmdline)"
	for p in $(pgrep -x apache2); do
		[ "$p" = "$pid" ] || [ "$(ps -o ppid= -p "$p" | tr -d " ")" != "$pid" ] ||
			echo "worker=$(stat -c %U:%G /proc/$p)"
	done
	stat -c "log=%n %U:%G %a" /var/log/httpd /var/log/httpd/error_log
	grep -c "AH00489: Apache/.* configured -- resuming normal operations" \
		/var/log/httpd/error_log | sed "s/^/resuming=/"
	herd status | grep "^httpd "
	/usr/sbin/apache2 -d /usr/lib/apache2 -t -f /etc/httpd/httpd.conf 2>&1
' || fail "apache-server: boot or checks failed"
expect_out '^page=<h1>Hello from Apache in a gxsys container!</h1>$' \
	"Apache serves the declared page from its document root"
expect_out '^vhost=<h1>The blog, a virtual host on port 8080</h1>$' \
	"Apache serves the virtual host an extension declares"
expect_out '^type=text/html' "Apache's types come from /etc/mime.types"
expect_out '^missing=404$' "Apache answers 404 for a missing page"
expect_out '^parent=root /usr/sbin/apache2 -d /usr/lib/apache2 -f /etc/httpd/httpd.conf -DFOREGROUND $' \
	"apache2 runs Guix's -f FILE, with Guix's root, in the foreground, as root (the PID file's process)"
expect_out '^worker=httpd:httpd$' "Apache's workers (the PID file's children) run as the declared user httpd"
grep '^worker=' "$T/out" | grep -v '^worker=httpd:httpd$' && fail "an Apache worker runs as another user"
expect_out '^log=/var/log/httpd root:root 755$' "the error log's directory is made at activation"
expect_out '^log=/var/log/httpd/error_log root:' "Apache writes its error log"
expect_out '^resuming=1$' "the error log says Apache started"
expect_out '^httpd +running ' "herd sees httpd running"
expect_out '^Syntax OK$' "apache2 -t reads the generated httpd.conf"
check_clean

# mail-server: OpenSMTPD with Guix's default smtpd.conf takes a message for
# alice over a plain SMTP dialogue with 127.0.0.1:25 and delivers it to her
# mbox, /var/mail/alice, hers and 0600; root's sendmail (Debian's smtpctl,
# run with the group opensmtpq it must have, a container having no setgid
# programs) sends one to bob; root's smtpctl shows the queue.  smtpd runs
# Guix's command line as root, its processes as opensmtpd and opensmtpq.
# The build ran smtpd -n on the smtpd.conf, which took it; a smtpd.conf
# with a syntax error gets a note at build time, and the build goes on.
if [ -x /usr/sbin/smtpd ]; then
	build "$SRC/examples/mail-server.scm"
	grep "refuses it in the build container" "$T/build.err" &&
		fail "smtpd -n refused Guix's default smtpd.conf at build time"
	iname mail
	inside "$N" '
	for i in $(seq 50); do
		(exec 3<>/dev/tcp/127.0.0.1/25) 2>/dev/null && break
		sleep 0.1
	done
	exec 3<>/dev/tcp/127.0.0.1/25
	# one command, then the reply (its last line: "NNN ")
	say() {
		[ -n "$1" ] && printf "%s\r\n" "$1" >&3
		while IFS= read -r -t 10 l <&3; do
			echo "smtp=${l%$(printf "\r")}"
			case $l in [0-9][0-9][0-9]" "*) break ;; esac
		done
	}
	say ""
	say "EHLO client.test"
	say "MAIL FROM:<carol@client.test>"
	say "RCPT TO:<alice@localhost>"
	say "DATA"
	say "$(printf "Subject: over SMTP\r\n\r\nHello alice, over plain SMTP.\r\n.")"
	say "QUIT"
	exec 3>&-
	printf "Subject: by sendmail\n\nHello bob, from root.\n" |
		setpriv --egid=opensmtpq --keep-groups sendmail bob && echo sendmail-ok
	for i in $(seq 100); do
		grep -q "over plain SMTP" /var/mail/alice 2>/dev/null &&
			grep -q "from root" /var/mail/bob 2>/dev/null && break
		sleep 0.1
	done
	stat -c "mbox=%n %U:%G %a" /var/mail/alice /var/mail/bob
	grep "^Subject: \|^Hello\|^From " /var/mail/alice /var/mail/bob
	setpriv --egid=opensmtpq --keep-groups smtpctl show queue >/tmp/queue && echo "queue=$(wc -l </tmp/queue)"
	setpriv --egid=opensmtpq --keep-groups smtpctl show stats | grep "^smtp.session=" | sed "s/^/stats=/"
	smtpctl show queue 2>&1 | sed "s/^/plain-smtpctl=/"
	for p in $(pgrep smtpd); do
		echo "proc=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	done
	stat -c "spool=%n %U:%G %a" /var/spool/smtpd /var/spool/smtpd/offline /var/spool/smtpd/queue /var/mail
	grep -c "mda delivery.*result=Ok stat=Delivered" /var/log/mail.log | sed "s/^/delivered=/"
	smtpd -n -f /etc/smtpd.conf 2>&1
	herd status | grep "^smtpd "
' || fail "mail-server: boot or checks failed"
	expect_out '^smtp=220 .*ESMTP OpenSMTPD' "smtpd greets over SMTP on 127.0.0.1:25"
	expect_out '^smtp=250 .*Recipient ok' "smtpd takes a declared user as a recipient"
	expect_out '^smtp=250 .*Message accepted for delivery' "smtpd accepts the message"
	expect_out '^mbox=/var/mail/alice alice:users 600$' "alice's mailbox is hers, 0600"
	expect_out '^mbox=/var/mail/bob bob:users 600$' "bob's mailbox is his, 0600"
	expect_out '^/var/mail/alice:From carol@client.test ' "the message is in alice's mbox"
	expect_out '^/var/mail/alice:Subject: over SMTP$' "the message's subject"
	expect_out '^/var/mail/alice:Hello alice, over plain SMTP\.$' "the message's body"
	expect_out '^sendmail-ok$' "root's sendmail (with the group opensmtpq)"
	expect_out '^/var/mail/bob:Hello bob, from root\.$' "sendmail's message is in bob's mbox"
	expect_out '^queue=0$' "root's smtpctl show queue: delivered, nothing queued"
	expect_out '^stats=smtp.session=' "root's smtpctl show stats"
	expect_out '^plain-smtpctl=.*must be setgid opensmtpq' "smtpctl without the group says why"
	expect_out '^proc=root /usr/sbin/smtpd -f /etc/smtpd.conf -d $' \
		"smtpd runs Guix's command line as root"
	expect_out '^proc=opensmtpd ' "smtpd's processes run as opensmtpd"
	expect_out '^proc=opensmtpq ' "smtpd's queue runs as opensmtpq"
	expect_out '^spool=/var/spool/smtpd root:root 711$' "/var/spool/smtpd as smtpd demands it"
	expect_out '^spool=/var/spool/smtpd/offline root:opensmtpq 770$' "smtpd's offline queue"
	expect_out '^spool=/var/spool/smtpd/queue opensmtpq:root 700$' "smtpd's queue"
	expect_out '^spool=/var/mail root:root 1777$' "the mail spool"
	expect_out '^delivered=2$' "smtpd logs both deliveries to /var/log/mail.log"
	expect_out '^configuration OK$' "smtpd -n reads /etc/smtpd.conf"
	expect_out '^smtpd +running ' "herd sees smtpd running"
	check_clean
	sed 's|(config-file %default-opensmtpd-config-file)|(config-file (plain-file "smtpd.conf" "listen on lo\\naction local mbox\\n"))|' \
		"$SRC/examples/mail-server.scm" >"$T/bad-mail.scm"
	grep -q 'action local mbox' "$T/bad-mail.scm" || fail "bad-mail.scm: no bad smtpd.conf"
	build "$T/bad-mail.scm"
	grep -E "^$T/bad-mail.scm:[0-9]+:[0-9]+: note: opensmtpd-configuration: field 'config-file': \`/usr/sbin/smtpd -n -f /etc/smtpd.conf\` refuses it in the build container: /etc/smtpd.conf:2: syntax error" \
		"$T/build.err" >/dev/null || fail "no build-time note for a smtpd.conf smtpd -n refuses"
else
	echo "note: examples/mail-server.scm not booted: opensmtpd is not installed (scripts/install-deps leaves it out where it would replace the host's mail server)"
fi

# cgit-server: cgit over nginx and fcgiwrap, which cgit-service-type adds
# with their defaults.  A repository is made in repository-directory
# (/srv/git) at run time; cgit's index lists it and the declared one, a
# commit page shows the commit, a file is highlighted by the package's
# syntax-highlighting.py (Pygments), and nginx serves the static cgit.css
# from the cgit package.  cgit runs as fcgiwrap, which owns the cache.
build "$SRC/examples/cgit-server.scm"
iname cgit
inside "$N" '
	g() { git -c user.name=gxsys -c user.email=gxsys@localhost -c init.defaultBranch=main "$@"; }
	mkdir -p /srv/git && g init -q --bare /srv/git/hello.git &&
		g clone -q /srv/git/hello.git /tmp/work 2>/dev/null &&
		printf "def hello():\n    return 42\n" >/tmp/work/hello.py &&
		g -C /tmp/work add hello.py &&
		g -C /tmp/work commit -q -m "first commit of hello" &&
		g -C /tmp/work push -q origin HEAD:main && echo pushed
	id=$(git -C /tmp/work rev-parse HEAD)
	for i in $(seq 100); do
		curl -fsS -o /dev/null http://127.0.0.1/ 2>/dev/null && break
		sleep 0.1
	done
	curl -fsS http://127.0.0.1/ >/tmp/index.html && echo index-served
	grep -o "<td class=.main.>[^<]*" /tmp/index.html | sed "s/.*>/title=/"
	grep -o "href=./hello.git/.>hello.git<" /tmp/index.html >/dev/null && echo index-lists-hello
	grep -o "href=./notes/.>notes<" /tmp/index.html >/dev/null && echo index-lists-notes
	curl -fsS "http://127.0.0.1/hello.git/commit/?id=$id" >/tmp/commit.html && echo commit-served
	grep -q "<div class=.commit-subject.>first commit of hello<" /tmp/commit.html &&
		echo commit-subject
	grep -q "class=.oid.><a href=./hello.git/commit/?id=$id.>$id<" /tmp/commit.html &&
		echo commit-id
	grep -q "<div class=.add.>+def hello():</div>" /tmp/commit.html && echo commit-diff
	curl -fsS "http://127.0.0.1/hello.git/tree/hello.py" >/tmp/tree.html
	grep -q "<span class=.k.>def</span>" /tmp/tree.html && echo highlighted
	curl -fsS -D /tmp/css.head -o /tmp/cgit.css http://127.0.0.1/share/cgit/cgit.css &&
		cmp -s /tmp/cgit.css /usr/share/cgit/cgit.css && echo css-served
	# the root is /usr: nothing else of it is served as a file
	for f in /bin/sh /lib/cgit/cgit.cgi /share/doc/cgit/copyright; do
		curl -s -o /tmp/got http://127.0.0.1$f
		cmp -s /tmp/got /usr$f || echo "not-served=$f"
	done
	grep -i "^content-type:" /tmp/css.head | tr -d "\r"
	curl -fsS -o /tmp/snap.tar.gz "http://127.0.0.1/hello.git/snapshot/hello-main.tar.gz" &&
		tar -tzf /tmp/snap.tar.gz | grep "hello.py$"
	stat -c "cache=%n %U:%G %a" /var/cache/cgit
	for p in $(pgrep -x fcgiwrap); do
		echo "fcgiwrap=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	done
	herd status | grep -E "^(nginx|fcgiwrap) "
' || fail "cgit-server: boot or checks failed"
expect_out '^pushed$' "a repository made in /srv/git"
expect_out '^index-served$' "nginx hands / to cgit through fcgiwrap"
expect_out '^title=gxsys repositories$' "the index shows root-title"
expect_out '^index-lists-hello$' "cgit's index lists the repository of repository-directory"
expect_out '^index-lists-notes$' "cgit's index lists the declared repository"
expect_out '^commit-served$' "cgit serves the commit page"
expect_out '^commit-subject$' "the commit page shows the commit's subject"
expect_out '^commit-id$' "the commit page shows the commit's id"
expect_out '^commit-diff$' "the commit page shows the commit's diff"
expect_out '^highlighted$' "syntax-highlighting.py (Pygments) highlights the file"
expect_out '^css-served$' "nginx serves cgit.css from the cgit package"
expect_out '^not-served=/bin/sh$' "nginx does not serve the rest of /usr (the cgit package's root) as files"
expect_out '^not-served=/lib/cgit/cgit.cgi$' "nginx does not serve cgit.cgi itself"
expect_out '^not-served=/share/doc/cgit/copyright$' "nginx does not serve /usr/share/doc"
expect_out '^[Cc]ontent-[Tt]ype: text/css$' "cgit.css is text/css"
expect_out '^hello-main/hello.py$' "cgit makes a snapshot"
expect_out '^cache=/var/cache/cgit fcgiwrap:fcgiwrap 755$' "the cache root is fcgiwrap's"
expect_out '^fcgiwrap=fcgiwrap /usr/sbin/fcgiwrap -s tcp:127.0.0.1:9000 $' \
	"fcgiwrap, instantiated by cgit, runs Guix's command line"
expect_out '^nginx +running ' "herd sees nginx running"
expect_out '^fcgiwrap +running ' "herd sees fcgiwrap running"
check_clean

# dbus-server: the system bus, as Guix's dbus-root-service-type runs it:
# dbus-daemon as messagebus with Guix's command line and PID file, the
# machine ID made, and clients, root and alice, answered on the bus.  The
# extension's package (dnsmasq) is in the system and its policy is the
# bus's: root's dnsmasq owns uk.org.thekelleys.dnsmasq, which the default
# policy forbids.
build "$SRC/examples/dbus-server.scm"
iname dbus
inside "$N" '
	for i in $(seq 100); do
		[ -S /run/dbus/system_bus_socket ] && break
		sleep 0.1
	done
	ask() { dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus "$@"; }
	for p in $(pgrep -x dbus-daemon); do
		echo "dbus=$(stat -c %U /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
		[ "$(cat /var/run/dbus/pid)" = "$p" ] && echo pid-file
	done
	stat -c "dir=%n %U:%G %a" /var/run/dbus
	id=$(cat /var/lib/dbus/machine-id) && echo "machine-id=$id"
	ask org.freedesktop.DBus.ListNames | grep -q "string \"org.freedesktop.DBus\"" &&
		echo root-answered
	setpriv --reuid=alice --regid=users --init-groups \
		dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.ListNames | grep -q "string \"org.freedesktop.DBus\"" &&
		echo alice-answered
	grep -q "auth_timeout" /etc/dbus-1/system-local.conf && echo system-local
	dnsmasq -p 0 --enable-dbus --pid-file=/tmp/dnsmasq.pid &&
		for i in $(seq 50); do
			ask org.freedesktop.DBus.ListNames | grep -q uk.org.thekelleys.dnsmasq && break
			sleep 0.1
		done
	ask org.freedesktop.DBus.ListNames | grep -q "string \"uk.org.thekelleys.dnsmasq\"" &&
		echo dnsmasq-owns-its-name
	kill "$(cat /tmp/dnsmasq.pid)"
	herd status | grep -E "^dbus-(system|machine-id) "
' || fail "dbus-server: boot or checks failed"
expect_out '^dbus=messagebus /usr/bin/dbus-daemon --nofork --system --syslog-only $' \
	"dbus-daemon runs as messagebus with Guix's command line"
expect_out '^pid-file$' "dbus-daemon writes /var/run/dbus/pid"
expect_out '^dir=/var/run/dbus messagebus:messagebus 755$' "/var/run/dbus is messagebus's"
expect_out '^machine-id=[0-9a-f]{32}$' "dbus-uuidgen made /var/lib/dbus/machine-id"
expect_out '^root-answered$' "the bus answers root's ListNames"
expect_out '^alice-answered$' "the bus answers alice's ListNames"
expect_out '^system-local$' "/etc/dbus-1/system-local.conf is generated"
expect_out '^dnsmasq-owns-its-name$' "the extension's package brings its policy to the bus"
expect_out '^dbus-system +running ' "herd sees dbus-system running"
expect_out '^dbus-machine-id +done ' "the machine-id one-shot is done"
check_clean

# sync-server: alice's syncthing (syncthing-alice, a per-user service as in
# Guix) runs as alice with Guix's arguments and HOME, makes its
# configuration (config.xml with its device ID, keys) in
# ~/.local/state/syncthing, where Guix's syncthing keeps it, and its web
# interface and REST API answer on 127.0.0.1:8384 (Debian's 1.19 has no
# /rest/noauth/health: /rest/system/ping and system/status, with the API
# key of its config.xml).  bob's, declared with a syncthing-config-file,
# runs with --home=/var/lib/syncthing-bob, where its config.xml was put
# (bob's): its REST API (the declared API key, on the declared 8385) shows
# the declared folder and device, and it made the folder.
build "$SRC/examples/sync-server.scm"
iname sync
inside "$N" '
	# the GUI answers (and gives a browser its CSRF cookie); the REST API,
	# with the API key syncthing wrote in its config.xml
	c=/home/alice/.local/state/syncthing
	for i in $(seq 300); do
		curl -s http://127.0.0.1:8384/ >/tmp/gui 2>/dev/null && [ -s /tmp/gui ] && break
		sleep 0.1
	done
	grep -q "ng-app=.syncthing." /tmp/gui && echo gui-served
	key=$(sed -n "s|.*<apikey>\(.*\)</apikey>.*|\1|p" $c/config.xml)
	echo "ping=$(curl -s -H "X-API-Key: $key" http://127.0.0.1:8384/rest/system/ping | tr -d " \n")"
	curl -s -H "X-API-Key: $key" http://127.0.0.1:8384/rest/system/status >/tmp/status
	echo "my-id=$(sed -n "s/.*\"myID\": *\"\([^\"]*\)\".*/\1/p" /tmp/status)"
	p=$(pgrep -x syncthing | head -n 1)
	echo "daemon=$(stat -c %U:%G /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	setpriv --reuid=alice --regid=users --init-groups cat /proc/$p/environ | tr "\0" "\n" | grep -E "^(HOME|XDG_CONFIG_HOME)="
	stat -c "config=%n %U" $c/config.xml $c/cert.pem
	id=$(env HOME=/home/alice XDG_CONFIG_HOME=/home/alice/.local/state \
		setpriv --reuid=alice --regid=users --init-groups syncthing serve --device-id)
	echo "device-id=$id"
	grep -q "<device id=\"$id\"" $c/config.xml && echo config-has-device-id
	herd status | grep -E "^syncthing-(alice|bob) "
	# bob'"'"'s syncthing, with the declared config.xml
	for i in $(seq 300); do
		curl -s -H "X-API-Key: bob-api-key" http://127.0.0.1:8385/rest/config/folders >/tmp/folders 2>/dev/null &&
			grep -q "\"id\"" /tmp/folders && break
		sleep 0.1
	done
	tr -d " \n" </tmp/folders | grep -q "\"id\":\"docs\",\"label\":\"Documents\"" && echo bob-folder
	curl -s -H "X-API-Key: bob-api-key" http://127.0.0.1:8385/rest/config/devices | tr -d " \n" >/tmp/devices
	grep -q "\"deviceID\":\"MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD\",\"name\":\"laptop\",\"addresses\":\[\"tcp://192.0.2.10:22000\"\]" /tmp/devices && echo bob-device
	for p in $(pgrep -x syncthing); do
		[ "$(stat -c %U /proc/$p)" = bob ] && echo "bob-daemon=bob:$(stat -c %G /proc/$p) $(tr "\0" " " </proc/$p/cmdline)"
	done
	stat -c "bob-home=%n %U %a" /var/lib/syncthing-bob /var/lib/syncthing-bob/config.xml
	[ -e /var/lib/syncthing-bob/cert.pem ] && echo bob-keys
	[ -e /home/bob/Documents/.stfolder ] && echo bob-folder-made
	[ -e /home/bob/.local/state/syncthing ] || [ -e /home/bob/.config/syncthing ] || echo bob-home-untouched
' || fail "sync-server: boot or checks failed"
expect_out '^gui-served$' "syncthing's web interface answers on 127.0.0.1:8384"
expect_out '^ping=\{"ping":"pong"\}$' "syncthing's REST API answers on 127.0.0.1:8384"
expect_out '^daemon=alice:users /usr/bin/syncthing --no-browser --no-restart --logflags=3 $' \
	"syncthing runs as alice with Guix's command line"
expect_out '^HOME=/home/alice$' "syncthing's HOME is alice's home"
expect_out '^XDG_CONFIG_HOME=/home/alice/.local/state$' \
	"Debian's syncthing told to keep its configuration where Guix's does"
expect_out '^config=/home/alice/.local/state/syncthing/config.xml alice$' \
	"syncthing made its config.xml where Guix's syncthing keeps it"
expect_out '^config=/home/alice/.local/state/syncthing/cert.pem alice$' "syncthing made its keys"
expect_out '^device-id=[A-Z0-9]{7}(-[A-Z0-9]{7}){7}$' "syncthing has a device ID"
expect_out '^config-has-device-id$' "config.xml names its device ID"
id=$(sed -n 's/^device-id=//p' "$T/out")
expect_out "^my-id=$id\$" "the running syncthing has that device ID (REST system/status)"
expect_out '^syncthing-alice +running ' "herd sees syncthing-alice running"
expect_out '^syncthing-bob +running ' "herd sees syncthing-bob running"
expect_out '^bob-folder$' "bob's syncthing has the declared folder (syncthing-config-file)"
expect_out '^bob-device$' "bob's syncthing has the folder's device, with its name and address"
expect_out '^bob-daemon=bob:users /usr/bin/syncthing --no-browser --no-restart --logflags=0 --home=/var/lib/syncthing-bob $' \
	"bob's syncthing runs with --home=/var/lib/syncthing-bob, as Guix's with a config-file"
expect_out '^bob-home=/var/lib/syncthing-bob bob 700$' "/var/lib/syncthing-bob is bob's, 0700"
expect_out '^bob-home=/var/lib/syncthing-bob/config.xml bob 600$' "config.xml is put there, bob's"
expect_out '^bob-keys$' "bob's syncthing keeps its keys in /var/lib/syncthing-bob"
expect_out '^bob-folder-made$' "bob's syncthing made the declared folder"
expect_out '^bob-home-untouched$' "bob's syncthing keeps nothing in his home"
check_clean

# cron-server: mcron runs Guix's command line (one job file per job) as
# root; its own schedule listing (`mcron --schedule`, what Guix's `herd
# schedule mcron` shows, and gxsys's too) proves each job file parses and is scheduled as
# declared: the daily jobs at 03:00 and 00:05, the frequent ones every two
# seconds and every second.  Those run: root's writes the declared string
# (quotes, a backslash, a newline, non-ASCII) byte for byte, alice's (a
# #:user job, which mcron 1.0.8's job does not take without gxsys's
# prologue) runs as alice from her home, and its output is in log-file.
build "$SRC/examples/cron-server.scm"
iname cron
inside "$N" '
	for i in $(seq 150); do
		[ -s /home/alice/cron-report ] && [ -s /var/log/mcron-greeting ] &&
			grep -q "^report:" /var/log/mcron.log && break
		sleep 0.1
	done
	for p in $(pgrep -x mcron); do
		[ "$(stat -c %U /proc/$p)" = root ] &&
			echo "daemon=$(tr "\0" " " </proc/$p/cmdline)" &&
			tr "\0" "\n" </proc/$p/environ | grep "^GUILE_AUTO_COMPILE="
	done
	herd status | grep "^mcron "
	for f in /etc/gxsys/files/mcron-job*; do
		GUILE_AUTO_COMPILE=0 mcron --schedule=2 "$f" 2>&1 | paste -s -d "|" | sed "s|^|${f##*/}: |"
	done
	herd schedule mcron >/tmp/schedule 2>&1
	echo "herd-schedule=$? $(grep -c "greeting\|report.sh" /tmp/schedule)"
	echo "greeting=$(sha256sum </var/log/mcron-greeting | cut -d" " -f1) $(stat -c %U /var/log/mcron-greeting)"
	echo "report=$(cat /home/alice/cron-report) $(stat -c %U /home/alice/cron-report)"
	grep "^report:" /var/log/mcron.log | sort -u
' || fail "cron-server: boot or checks failed"
expect_out '^daemon=/usr/bin/mcron /etc/gxsys/files/mcron-job /etc/gxsys/files/mcron-job-2 /etc/gxsys/files/mcron-job-3 /etc/gxsys/files/mcron-job-4 $' \
	"mcron runs as root with one job file per job, the simple-service's after the configuration's"
expect_out '^GUILE_AUTO_COMPILE=0$' "mcron runs with GUILE_AUTO_COMPILE=0, as Guix's"
expect_out '^mcron +running ' "herd sees mcron running"
# Guix's `herd schedule mcron` action: the next 5 runs, the frequent jobs'
expect_out '^herd-schedule=0 [1-9][0-9]*$' "herd schedule mcron lists the next runs"
# mcron 1.0.8 prints each time as strftime's "%c %z" (UTC here), then the job
expect_out '^mcron-job: [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} 03:00:00 [0-9]{4} \+0000\|clean /tmp\|\|[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} 03:00:00 [0-9]{4} \+0000\|clean /tmp\|$' \
	"the (next-hour '(3)) job is scheduled at 03:00 on two days"
expect_out '^mcron-job-2: [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} 00:05:00 [0-9]{4} \+0000\|date >> /var/log/midnight\|\|.* 00:05:00 [0-9]{4} \+0000\|date >> /var/log/midnight\|$' \
	"the \"5 0 * * *\" job is scheduled at 00:05 on two days"
expect_out '^mcron-job-3: .* [0-9]{2}:[0-9]{2}:[0-9][02468] [0-9]{4} \+0000\|greeting\|\|.* [0-9]{2}:[0-9]{2}:[0-9][02468] [0-9]{4} \+0000\|greeting\|$' \
	"the (next-second (range 0 60 2)) job is scheduled on even seconds"
expect_out '^mcron-job-4: .* [0-9:]{8} [0-9]{4} \+0000\|sh /etc/gxsys/files/report.sh\|\|.* [0-9:]{8} [0-9]{4} \+0000\|sh /etc/gxsys/files/report.sh\|$' \
	"the next-second-from job of alice is scheduled"
# the two next-second-from times are one second apart
t1=$(sed -n 's/^mcron-job-4: [A-Za-z]* [A-Za-z]* *[0-9]* \([0-9:]*\) .*/\1/p' "$T/out")
t2=$(sed -n 's/^mcron-job-4: .*||[A-Za-z]* [A-Za-z]* *[0-9]* \([0-9:]*\) .*/\1/p' "$T/out")
s1=$(echo "$t1" | awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }')
s2=$(echo "$t2" | awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }')
if [ -z "$t1" ] || [ $(((s2 - s1 + 86400) % 86400)) != 1 ]; then
	fail "alice's next-second-from job is scheduled each second ($t1, $t2)"
fi
greeting=$(printf 'Gr\303\274\303\237e, "cron" \\o/\nzweite Zeile \342\200\224 \303\274n\303\257c\303\266d\303\251' |
	sha256sum | cut -d' ' -f1)
expect_out "^greeting=$greeting root\$" "root's job wrote the declared string byte for byte"
expect_out '^report=uid=1000\(alice\) gid=[0-9]+\(users\) groups=[0-9]+\(users\) alice$' \
	"alice's #:user job ran as alice (uid and gid, no root group)"
expect_out '^report: alice in /home/alice$' "the job ran from alice's home; its output is in log-file"
check_clean
# firewall: nftables loads the declared ruleset into the container's own
# network namespace (the default), where it filters: nginx serves port 80
# on 127.0.0.1 and 127.0.0.2, and port 8080 on 127.0.0.1 only, the rule
# for its other addresses resetting (and counting) the connection; once
# root inside flushes the ruleset (it may: net_admin is kept on a network
# of its own), 8080 answers on 127.0.0.2 too.  herd stop nftables flushes
# the ruleset (Guix's stop), so herd restart loads it once.  The build ran nft --check
# (which could not ask the kernel) and said nothing; a ruleset with a
# syntax error gets a note.  With -N (the host's network) the service is
# not started, net_admin is dropped (root's nft is refused too), and the
# host's ruleset is the same after as before: an empty table of the
# test's own (no chain: it filters nothing) shows that it was not flushed,
# and no table inet filter appears.
if [ -x /usr/sbin/nft ]; then
	build "$SRC/examples/firewall.scm"
	grep "refuses it in the build container" "$T/build.err" &&
		fail "nft --check refused the firewall's ruleset at build time"
	iname firewall
	inside "$N" '
	herd status | grep "^nftables "
	echo "capbnd=$(sed -n "s/^CapBnd:\t//p" /proc/self/status)"
	for i in $(seq 100); do
		curl -s -m 2 http://127.0.0.1/ >/dev/null && curl -s -m 2 http://127.0.0.1:8080/ >/dev/null && break
		sleep 0.1
	done
	nft list ruleset >/tmp/ruleset && echo listed
	grep -q "^table inet filter {" /tmp/ruleset && echo table-loaded
	grep -q "tcp dport 8080 ip daddr != 127.0.0.1 counter packets 0 bytes 0 reject with tcp reset" /tmp/ruleset && echo counter-zero
	echo "lo-status=$(curl -s -m 5 http://127.0.0.1:8080/)"
	echo "other-public=$(curl -s -m 5 http://127.0.0.2/)"
	curl -s -m 5 http://127.0.0.2:8080/; echo "other-status-rc=$?"
	nft list ruleset | grep "tcp dport 8080" | sed "s/^[[:space:]]*/rule=/"
	cmp /etc/gxsys/files/nftables.conf /run/current-system/etc/gxsys/files/nftables.conf && echo ruleset-file
	herd restart nftables >/dev/null 2>&1; echo "restart-rc=$?"
	echo "rules-after-restart=$(nft list ruleset | grep -c "tcp dport 8080")"
	herd stop nftables >/dev/null 2>&1; echo "stop-rc=$?"
	echo "lines-after-stop=$(nft list ruleset | wc -l)"
	herd status | grep "^nftables " | sed "s/^/after-stop: /"
	herd start nftables >/dev/null 2>&1; echo "start-rc=$?"
	echo "rules-after-start=$(nft list ruleset | grep -c "tcp dport 8080")"
	nft flush ruleset && echo flushed
	echo "flushed-status=$(curl -s -m 5 http://127.0.0.2:8080/)"
' || fail "firewall: boot or checks failed"
	expect_out '^nftables +done ' "herd: the nftables one-shot is done"
	capbnd=$(sed -n 's/^capbnd=//p' "$T/out")
	if [ -z "$capbnd" ] || [ $((0x$capbnd >> 12 & 1)) != 1 ]; then
		fail "net_admin is not in the bounding set of a firewall on its own network ($capbnd)"
	fi
	expect_out '^listed$' "root lists the container's ruleset"
	expect_out '^table-loaded$' "the declared table is loaded"
	expect_out '^counter-zero$' "the rule's counter starts at 0"
	expect_out '^lo-status=status$' "port 8080 answers on 127.0.0.1"
	expect_out '^other-public=public$' "port 80 answers on 127.0.0.2"
	expect_out '^other-status-rc=7$' "the firewall resets port 8080 on 127.0.0.2"
	expect_out '^rule=tcp dport 8080 ip daddr != 127.0.0.1 counter packets [1-9][0-9]* bytes [1-9][0-9]* reject with tcp reset$' \
		"the rule counted the connection it reset"
	expect_out '^ruleset-file$' "the ruleset file is the declared one"
	# Guix's stop, nft flush ruleset (gxsys-init's stop-command): a
	# restart loads the ruleset into an empty one, not over it
	expect_out '^restart-rc=0$' "herd restart nftables"
	expect_out '^rules-after-restart=1$' "a restart loads the ruleset once, not a second time"
	expect_out '^stop-rc=0$' "herd stop nftables"
	expect_out '^lines-after-stop=0$' "herd stop nftables flushes the ruleset"
	expect_out '^after-stop: nftables +stopped ' "nftables is stopped"
	expect_out '^start-rc=0$' "herd start nftables"
	expect_out '^rules-after-start=1$' "herd start loads the ruleset again"
	expect_out '^flushed$' "root flushes the container's ruleset"
	expect_out '^flushed-status=status$' "without the ruleset, port 8080 answers on 127.0.0.2"
	check_clean
	# a syntax error: a note at build time, located at the ruleset
	sed 's/reject with tcp reset/reject with tcp rst/' "$SRC/examples/firewall.scm" >"$T/bad-firewall.scm"
	grep -q 'tcp rst' "$T/bad-firewall.scm" || fail "bad-firewall.scm: no bad ruleset"
	build "$T/bad-firewall.scm"
	grep -E "^$T/bad-firewall.scm:[0-9]+:[0-9]+: note: nftables-configuration: field 'ruleset': \`/usr/sbin/nft --check --file /etc/gxsys/files/nftables.conf\` refuses it in the build container: /etc/gxsys/files/nftables.conf:7:[0-9-]+: Error: syntax error" \
		"$T/build.err" >/dev/null || fail "no build-time note for a ruleset nft --check refuses"
	# -N: the host's ruleset untouched
	cat >"$T/host-firewall.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules networking)
(operating-system
  (host-name "host-firewall")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service nftables-service-type) %base-services)))
EOF
	build "$T/host-firewall.scm"
	probe=gxsys_probe_$$
	nft add table inet "$probe" || fail "cannot add the probe table to the host's ruleset"
	nft list ruleset >"$T/host-before" || fail "nft list ruleset (host)"
	iname hostfw
	inside "$N" '
	herd status | grep "^nftables "
	echo "capbnd=$(sed -n "s/^CapBnd:\t//p" /proc/self/status)"
	grep "nftables" /var/log/messages | sed "s/^.*shepherd: /log=/"
	nft list ruleset >/dev/null 2>&1 || echo list-refused
	nft flush ruleset >/dev/null 2>&1 || echo flush-refused
	' -N
	rc=$?
	nft list ruleset >"$T/host-after"
	nft delete table inet "$probe"
	[ "$rc" = 0 ] || fail "firewall with -N: boot or checks failed"
	cmp -s "$T/host-before" "$T/host-after" || fail "the host's ruleset changed: $(diff "$T/host-before" "$T/host-after")"
	grep -q "^table inet $probe {" "$T/host-after" || fail "the host's ruleset was flushed"
	expect_out '^nftables +failed ' "-N: the nftables service is not started"
	expect_out "^log=Service nftables: not started: it acts on the network namespace it runs in, and this container shares the host's \(run-container -N\); the host's is left as it is\.$" \
		"-N: the log says why nftables is not started"
	expect_out "^log=Service nftables failed to start \(refused on the host's network\)\.$" \
		"-N: nftables failed to start"
	capbnd=$(sed -n 's/^capbnd=//p' "$T/out")
	if [ -z "$capbnd" ] || [ $((0x$capbnd >> 12 & 1)) != 0 ]; then
		fail "net_admin is in the bounding set on the host's network ($capbnd)"
	fi
	expect_out '^list-refused$' "-N: root's nft cannot read the host's ruleset"
	expect_out '^flush-refused$' "-N: root's nft cannot flush the host's ruleset"
	check_clean
else
	echo "note: examples/firewall.scm not booted: nft is not installed (scripts/install-deps installs nftables)"
fi

# iptables-service-type: Guix's start (iptables-restore, ip6tables-restore)
# and stop (both restoring %iptables-accept-all-rules), in the container's
# own network namespace: port 8080 is reset on every address but
# 127.0.0.1; herd stop opens it, herd start closes it again (the rule
# once).  The rules file's name, which holds shell syntax, is sh -c's
# argument, never its text.  With -N the service is not started and the
# host's rules are the same after as before.
if [ -x /usr/sbin/iptables-restore ]; then
	cat >"$T/ipt.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules networking web)
(define loc
  (nginx-location-configuration (uri "/") (body '("return 200 \"ok\\n\";"))))
(operating-system
  (host-name "ipt")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (cons curl %base-packages))
  (services
   (cons* (service iptables-service-type
                   (iptables-configuration
                    (ipv4-rules (plain-file "v4 $(touch pwned) rules"
                                            "*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp --dport 8080 ! -d 127.0.0.1 -j REJECT --reject-with tcp-reset
COMMIT
"))))
          (service nginx-service-type
                   (nginx-configuration
                    (server-blocks
                     (list (nginx-server-configuration (listen '("8080"))
                                                       (locations (list loc)))))))
          %base-services)))
EOF
	build "$T/ipt.scm"
	iname ipt
	inside "$N" '
	herd status | grep "^iptables "
	for i in $(seq 100); do curl -s -m 2 http://127.0.0.1:8080/ >/dev/null && break; sleep 0.1; done
	iptables -S INPUT | grep -c "dport 8080" | sed "s/^/rules=/"
	echo "lo=$(curl -s -m 5 http://127.0.0.1:8080/)"
	curl -s -m 5 http://127.0.0.2:8080/; echo "other-rc=$?"
	ip6tables -S | head -n 1 | sed "s/^/v6=/"
	[ -e /pwned ] && echo pwned
	herd stop iptables >/dev/null 2>&1; echo "stop-rc=$?"
	iptables -S INPUT | grep -c "dport 8080" | sed "s/^/rules-after-stop=/"
	iptables -S FORWARD | head -n 1 | sed "s/^/forward-after-stop=/"
	echo "other-after-stop=$(curl -s -m 5 http://127.0.0.2:8080/)"
	herd start iptables >/dev/null 2>&1; echo "start-rc=$?"
	herd restart iptables >/dev/null 2>&1; echo "restart-rc=$?"
	iptables -S INPUT | grep -c "dport 8080" | sed "s/^/rules-after-start=/"
	' || fail "iptables: boot or checks failed"
	expect_out '^iptables +done ' "herd: the iptables one-shot is done"
	expect_out '^rules=1$' "the declared rule is loaded"
	expect_out '^lo=ok$' "port 8080 answers on 127.0.0.1"
	expect_out '^other-rc=7$' "iptables resets port 8080 on 127.0.0.2"
	expect_out '^v6=-P INPUT ACCEPT$' "the IPv6 rules are Guix's accept-all"
	grep -q '^pwned$' "$T/out" && fail "the rules file's name was run by the shell"
	expect_out '^stop-rc=0$' "herd stop iptables"
	expect_out '^rules-after-stop=0$' "herd stop iptables restores the accept-all rules"
	expect_out '^forward-after-stop=-P FORWARD ACCEPT$' "herd stop iptables resets the policies"
	expect_out '^other-after-stop=ok$' "with the rules stopped, 8080 answers on 127.0.0.2"
	expect_out '^start-rc=0$' "herd start iptables"
	expect_out '^restart-rc=0$' "herd restart iptables"
	expect_out '^rules-after-start=1$' "the rule is loaded again, once"
	check_clean
	# -N: the host's rules untouched
	iptables -S >"$T/ipt-host-before" || fail "iptables -S (host)"
	iname hostipt
	inside "$N" '
	herd status | grep "^iptables "
	' -N || fail "iptables with -N: boot failed"
	iptables -S >"$T/ipt-host-after"
	cmp -s "$T/ipt-host-before" "$T/ipt-host-after" ||
		fail "the host's iptables rules changed: $(diff "$T/ipt-host-before" "$T/ipt-host-after")"
	expect_out '^iptables +failed ' "-N: the iptables service is not started"
	check_clean
else
	echo "note: iptables-service-type not booted: iptables is not installed (scripts/install-deps installs it)"
fi

# timer-server: Shepherd timers as the Guix manual writes them, and Guix's
# shepherd-timer: listed as running without a process; alice's heartbeat
# runs every other second, as her, into her log file; `herd trigger
# tidy-tmp` runs find at once, which deletes a file untouched for 10 days.
build "$SRC/examples/timer-server.scm"
iname timers-example
inside "$N" '
	herd status | grep -E "^(tidy-tmp|heartbeat|disk-usage) " | sed "s/^/status: /"
	touch -d "10 days ago" /tmp/old && touch /tmp/new
	herd trigger tidy-tmp
	for i in $(seq 50); do [ -e /tmp/old ] || break; sleep 0.1; done
	ls /tmp | sed "s/^/tmp: /"
	for i in $(seq 100); do
		[ "$(grep -c "^beat alice " /home/alice/heartbeat.log 2>/dev/null)" -ge 2 ] && break
		sleep 0.1
	done
	sed "s/^/heartbeat: /" /home/alice/heartbeat.log
	stat -c "heartbeat-owner: %U" /home/alice/heartbeat.log
' || fail "timer-server: boot or checks failed"
for t in tidy-tmp heartbeat disk-usage; do
	expect_out "^status: $t +running +- " "$t is a timer, running without a process"
done
expect_out '^Timer tidy-tmp triggered: process [0-9]+\.$' "herd trigger tidy-tmp"
expect_out '^tmp: new$' "tidy-tmp kept a new file"
grep -q '^tmp: old$' "$T/out" && fail "tidy-tmp did not delete a file untouched for 10 days"
[ "$(grep -c '^heartbeat: beat alice [0-9:]*$' "$T/out")" -ge 2 ] ||
	fail "heartbeat did not run twice as alice"
expect_out '^heartbeat-owner: alice$' "heartbeat's log file is alice's"
check_clean

# No file in examples/ left untested.
for f in "$SRC"/examples/*.scm; do
	case ${f##*/} in
	bare-bones.scm | web-server.scm | custom-service.scm | ssh-server.scm | \
		cache-server.scm | memcached-server.scm | database-server.scm | \
		monitored-server.scm | git-server.scm | php-server.scm | cgi-server.scm | \
		dns-server.scm | rsync-server.scm | mysql-server.scm | dropbear-server.scm | \
		onion-server.scm | dns-resolver.scm | apache-server.scm | mail-server.scm | \
		cgit-server.scm | dbus-server.scm | sync-server.scm | cron-server.scm | \
		firewall.scm | timer-server.scm) ;;
	*) fail "examples/${f##*/} is not booted by this test" ;;
	esac
done
echo "all examples built and booted"
