#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# gitolite-service-type end to end: a system with sshd and gitolite, its
# admin key (alice.pub, so the admin is "alice") a local-file.  At boot the
# one-shot gitolite-setup makes the gitolite-admin repository as the git
# account; from inside, over SSH on loopback, alice lists her access,
# clones gitolite-admin, adds bob's key and a repository "foo" for him and
# pushes; bob then pushes to foo and may not read gitolite-admin.  The
# account's home is a --share: a second boot keeps foo and bob (setup run
# again on an existing install).  Root, real namespaces, temporary store;
# everything cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages gitolite3
for p in ssh-keygen git; do
	command -v "$p" >/dev/null 2>&1 || {
		echo "skip: $p is not installed"
		exit 77
	}
done

mkdir -p "$T/keys" "$T/home"
ssh-keygen -q -t ed25519 -N '' -C alice -f "$T/keys/alice" || fail "ssh-keygen alice"
ssh-keygen -q -t ed25519 -N '' -C bob -f "$T/keys/bob" || fail "ssh-keygen bob"
cp "$T/keys/alice.pub" "$T/alice.pub"
cat >"$T/gl.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules ssh version-control)
(use-package-modules version-control ssh)
(operating-system
  (host-name "gitbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (cons* git openssh %base-packages))
  (services
   (cons* (service openssh-service-type
           (openssh-configuration (password-authentication? #f)))
          (service gitolite-service-type
           (gitolite-configuration
            (admin-pubkey (local-file "alice.pub"))
            (rc-file (gitolite-rc-file
                      (umask #o0027)
                      (git-config-keys "gitweb\\..*")))))
          %base-services)))
EOF
build "$T/gl.scm"
iname gl
# git's home on the host, owned by the container's git account as the
# container's activation makes it
ssh_setup='
	export HOME=/root
	export GIT_SSH_COMMAND="ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o IdentitiesOnly=yes"
	as() { who=$1; shift; GIT_SSH_COMMAND="$GIT_SSH_COMMAND -i /keys/$who" "$@"; }
	ssh_as() { who=$1; shift; $GIT_SSH_COMMAND -i "/keys/$who" "$@"; }
	git config --global user.name tester
	git config --global user.email tester@gitbox
	git config --global init.defaultBranch master
	cd /tmp
'
inside "$N" "$ssh_setup"'
	herd status gitolite-setup | sed -n "2s/^/status: /p"
	stat -c "home %U %a" /var/lib/gitolite
	stat -c "rc %U %a" /var/lib/gitolite/.gitolite.rc
	grep -q "UMASK => 0027" /var/lib/gitolite/.gitolite.rc && echo "rc-umask"
	[ -e /var/lib/gitolite/alice.pub ] || echo "key-removed"
	ssh_as alice git@127.0.0.1 info | sed "s/^/alice-info: /"
	as alice git clone -q git@127.0.0.1:gitolite-admin admin && echo "cloned-admin"
	cp /keys/bob.pub admin/keydir/bob.pub
	printf "\nrepo foo\n    RW+     =   bob\n" >>admin/conf/gitolite.conf
	(cd admin && git add -A && git commit -qm "bob and foo" && as alice git push -q origin master) &&
		echo "pushed-admin"
	as bob git clone -q git@127.0.0.1:foo foo 2>&1 | sed "s/^/bob-clone: /"
	(cd foo && echo hi >README && git add README && git commit -qm first &&
		as bob git push -q origin master) && echo "bob-pushed"
	as bob git clone -q git@127.0.0.1:gitolite-admin bob-admin >/dev/null 2>&1 || echo "bob-refused-admin"
	ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-o BatchMode=yes -o PubkeyAuthentication=no git@127.0.0.1 info >/dev/null 2>&1 ||
		echo "password-refused"
	git -c safe.directory="*" -C /var/lib/gitolite/repositories/foo.git log --format=%s 2>/dev/null | sed "s/^/server-log: /"
	stat -c "repo-mode %a" /var/lib/gitolite/repositories/foo.git
' --expose="$T/keys=/keys" --share="$T/home=/var/lib/gitolite" || fail "first boot failed"
expect_out '^status: gitolite-setup +done ' "the one-shot gitolite-setup is done"
expect_out '^home git 700$' "git's home is the git account's, 0700"
expect_out '^rc git 444$' "the account's .gitolite.rc is the rc file, read-only"
expect_out '^rc-umask$' "the rc file has the configured umask"
expect_out '^key-removed$' "the admin key's copy is removed after setup"
expect_out '^alice-info: hello alice, this is git@gitbox' "alice is gitolite's admin (her key's file name)"
expect_out '^alice-info:  R W\s+gitolite-admin$' "alice may read and write gitolite-admin"
expect_out '^cloned-admin$' "alice clones gitolite-admin over SSH"
expect_out '^pushed-admin$' "alice pushes bob's key and repository foo"
expect_out '^bob-pushed$' "bob pushes to the new repository foo"
expect_out '^bob-refused-admin$' "bob may not clone gitolite-admin"
expect_out '^password-refused$' "no login without a key"
expect_out '^server-log: first$' "bob's commit is in foo on the server"
expect_out '^repo-mode 750$' "the repository follows the rc file's umask (0027)"

# A second boot on the same home: setup runs again on the existing
# install; foo and bob's access are kept.
inside "$N" "$ssh_setup"'
	herd status gitolite-setup | sed -n "2s/^/status: /p"
	ssh_as bob git@127.0.0.1 info | sed "s/^/bob-info: /"
	as bob git clone -q git@127.0.0.1:foo foo && cat foo/README | sed "s/^/readme: /"
' --expose="$T/keys=/keys" --share="$T/home=/var/lib/gitolite" || fail "second boot failed"
expect_out '^status: gitolite-setup +done ' "gitolite-setup runs again on an existing install"
expect_out '^bob-info:  R W\s+foo$' "bob's access to foo is kept across boots"
expect_out '^readme: hi$' "foo's content is kept across boots"
check_clean
cat "$T/out"
echo "ok"
