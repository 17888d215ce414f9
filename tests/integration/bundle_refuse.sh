#!/bin/sh
# Bundles that must be refused, each with one message and the target store
# left as it was (an empty tmpfs stays empty): a bundle truncated in its
# middle, one whose end was lost (the shell's size check) or overwritten
# with zeros (the importer's check), a byte flipped at several places of
# the archive and in the importer, a read-only store, a store whose disk
# fills up, a kernel without namespaces (a seccomp filter makes
# unshare() fail with EINVAL, as on a kernel built without them), and a
# TMPDIR mounted noexec, and SIGTERM and SIGHUP during the import.
# --extract-only then imports the good bundle, and a second --extract-only
# imports nothing; an item whose directory was removed by hand is imported
# again.
set -eu
B=${GXSYS_BUILD:-$PWD/build}
SRC=${GXSYS_SRC:-$PWD}
CC=${CC:-cc}
skip() { echo "$*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root"
unshare -m true 2>/dev/null || skip "cannot create mount namespaces here"
export GXSYS_CONFIG="$SRC/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT

T=$(mktemp -d /tmp/gxsys-bundle-refuse.XXXXXX)
cleanup() {
	chmod -R u+w "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() { echo "FAIL: $*" >&2; exit 1; }

S=$T/store
"$B/gxsys" container --store="$S" --bundle="$T/bb.bundle" "$SRC/examples/bare-bones.scm" \
	>"$T/out" 2>"$T/err" || fail "gxsys container: $(cat "$T/err")"
head -n 160 "$T/bb.bundle" | grep -q "^archive_offset='[0-9]*'$" || fail "no archive offset"
aoff=$(sed -n "s/^archive_offset='\([0-9]*\)'$/\1/p" "$T/bb.bundle" | head -n 1)
ioff=$(sed -n "s/^importer_offset='\([0-9]*\)'$/\1/p" "$T/bb.bundle" | head -n 1)
size=$(wc -c <"$T/bb.bundle")

# A kernel without namespaces: unshare() with namespace flags fails EINVAL.
cat >"$T/nons.c" <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#define NS (CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP)
int main(int argc, char **argv)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_unshare, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NS, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = { sizeof(f) / sizeof(f[0]), f };
	if (argc < 2 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &p) < 0)
		return 99;
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
C
"$CC" -o "$T/nons" "$T/nons.c" || fail "cannot build the seccomp helper"

flip() { # FILE OFFSET OUT
	cp "$1" "$3"
	byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf '%b' "\\0$(printf '%03o' $(((byte ^ 4) & 255)))" |
		dd of="$3" bs=1 seek="$2" conv=notrunc status=none
}

head -c $((size / 2)) "$T/bb.bundle" >"$T/half"
head -c $((size - 10)) "$T/bb.bundle" >"$T/short"
{ head -c $((size - 4096)) "$T/bb.bundle"; head -c 4096 /dev/zero; } >"$T/zeros"
flip "$T/bb.bundle" $((ioff + 5000)) "$T/flip-importer"
for pc in 1 25 50 75 99; do
	flip "$T/bb.bundle" $((aoff + (size - aoff) * pc / 100)) "$T/flip-$pc"
done
flip "$T/bb.bundle" $((size - 6)) "$T/flip-trailer"
chmod 755 "$T"/half "$T"/short "$T"/zeros "$T"/flip-*

cat >"$T/cases.sh" <<'EOF'
set -eu
fail() { echo "FAIL: $*" >&2; exit 1; }
mount --make-rprivate /
# case NAME STATUS PATTERN MOUNT-OPTIONS COMMAND...: on a fresh tmpfs store.
case_() {
	name=$1 want=$2 pat=$3 opts=$4
	shift 4
	mount -t tmpfs -o "$opts" tmpfs "$S"
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" = "$want" ] || fail "$name: exit $rc, wanted $want: $(cat "$T/err" "$T/out")"
	[ "$(wc -l <"$T/err")" = 1 ] || fail "$name: not one message: $(cat "$T/err")"
	grep -q "$pat" "$T/err" || fail "$name: message: $(cat "$T/err")"
	[ -z "$(ls -A "$S")" ] || fail "$name: the store changed: $(ls -A "$S")"
	umount "$S"
	echo "ok: $name: $(cat "$T/err")"
}
case_ "truncated in the middle" 1 "is truncated" size=1g "$T/half" --extract-only
case_ "truncated at the end" 1 "is truncated" size=1g "$T/short" --extract-only
case_ "end overwritten with zeros" 1 "corrupted\|truncated" size=1g "$T/zeros" --extract-only
case_ "flipped byte in the importer" 1 "importer does not match" size=1g "$T/flip-importer" --extract-only
for pc in 1 25 50 75 99; do
	case_ "flipped byte at $pc% of the archive" 1 "corrupted" size=1g "$T/flip-$pc" --extract-only
done
case_ "flipped byte in the gzip trailer" 1 "corrupted" size=1g "$T/flip-trailer" --extract-only
case_ "read-only store" 3 "Read-only file system" ro,size=1g "$T/bb.bundle" --extract-only
case_ "disk full" 3 "No space left on device" size=16m "$T/bb.bundle" --extract-only
case_ "no namespaces" 3 "kernel cannot create mnt namespaces" size=1g "$T/nons" "$T/bb.bundle" -- true
# TMPDIR (or /tmp) mounted noexec: the importer cannot run there; the
# message says so (the shell's own "Permission denied" comes first).
mkdir -p "$T/noexec"
mount -t tmpfs -o noexec,size=16m tmpfs "$T/noexec"
mount -t tmpfs -o size=1g tmpfs "$S"
rc=0
TMPDIR=$T/noexec "$T/bb.bundle" --extract-only >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 3 ] || fail "noexec TMPDIR: exit $rc, wanted 3: $(cat "$T/err")"
grep -q "cannot run the importer from $T/noexec (mounted noexec?); set TMPDIR" "$T/err" ||
	fail "noexec TMPDIR: message: $(cat "$T/err")"
[ -z "$(ls -A "$S")" ] || fail "noexec TMPDIR: the store changed: $(ls -A "$S")"
[ -z "$(ls -A "$T/noexec")" ] || fail "noexec TMPDIR: left $(ls -A "$T/noexec")"
umount "$S" "$T/noexec"
echo "ok: noexec TMPDIR: $(tail -n 1 "$T/err")"

# SIGTERM or SIGHUP to the bundle's process group (as a service manager or
# a closed terminal sends them) while the importer runs: the importer stops
# and removes what it staged, the bundle its temporary directory, and the
# status says which signal (128+N: it was 130 for both).
mkdir -p "$T/tmpd"
for sig in TERM:143 HUP:129; do
	mount -t tmpfs -o size=1g tmpfs "$S"
	TMPDIR=$T/tmpd setsid "$T/bb.bundle" --extract-only >"$T/out" 2>"$T/err" &
	bpid=$!
	i=0 seen=""
	while [ $i -lt 300 ] && [ -z "$seen" ]; do
		for c in $(cat "/proc/$bpid/task/$bpid/children" 2>/dev/null); do
			[ "$(cat "/proc/$c/comm" 2>/dev/null)" = gxsys-import ] && seen=$c
		done
		[ -n "$seen" ] || sleep 0.02
		i=$((i + 1))
	done
	[ -n "$seen" ] || fail "SIG${sig%:*}: the importer did not start: $(cat "$T/err")"
	kill "-${sig%:*}" "-$bpid"
	rc=0
	wait "$bpid" || rc=$?
	[ "$rc" = "${sig#*:}" ] || fail "SIG${sig%:*}: exit $rc, wanted ${sig#*:}: $(cat "$T/err")"
	[ -z "$(ls -A "$T/tmpd")" ] || fail "SIG${sig%:*}: left $(ls -A "$T/tmpd")"
	for it in "$S"/*; do # none, or registered ones (a registration is finished)
		[ ! -e "$it" ] || [ -f "$S/.db/items/${it##*/}" ] ||
			fail "SIG${sig%:*}: an unregistered item is left: $it"
	done
	[ -z "$(ls -A "$S/.tmp" 2>/dev/null)" ] || fail "SIG${sig%:*}: left $(ls -A "$S/.tmp")"
	umount "$S"
	echo "ok: SIG${sig%:*} during the import: exit $rc"
done

mount -t tmpfs -o size=1g tmpfs "$S"
"$T/bb.bundle" --extract-only 2>"$T/err" || fail "good bundle: $(cat "$T/err")"
n=$("$T/bb.bundle" --list | wc -l)
grep -q "imported $n of the $n store items" "$T/err" || fail "good bundle said: $(cat "$T/err")"
[ "$("$T/bb.bundle" --list | grep -c '	present$')" = "$n" ] || fail "--list after import"
before=$(cd "$S" && find . -printf '%p %m %s %T@\n' | sort | sha256sum)
"$T/bb.bundle" --extract-only 2>"$T/err" || fail "second --extract-only"
[ ! -s "$T/err" ] || fail "second --extract-only said: $(cat "$T/err")"
after=$(cd "$S" && find . -printf '%p %m %s %T@\n' | sort | sha256sum)
[ "$before" = "$after" ] || fail "the second --extract-only changed the store"
# an item's directory removed by hand (its record left) is missing, and
# --extract-only puts it back
tz=$("$T/bb.bundle" --list | cut -f1 | grep -- '-tzdata-' | head -n 1)
[ -n "$tz" ] || fail "no tzdata item in the bundle"
chmod -R u+w "$tz"
rm -rf "$tz"
"$T/bb.bundle" --list | grep -q "^$tz	[0-9]*	missing$" ||
	fail "--list: an item without its directory is not missing"
"$T/bb.bundle" --extract-only 2>"$T/err" || fail "--extract-only after rm: $(cat "$T/err")"
grep -q "imported 1 of the $n store items" "$T/err" || fail "re-import said: $(cat "$T/err")"
[ -d "$tz/usr/share/zoneinfo" ] || fail "the removed item was not put back"
umount "$S"
EOF
export T S
unshare -m sh "$T/cases.sh" || fail "(see above)"
