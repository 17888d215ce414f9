#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# Shepherd's actions in a booted container: nginx's, as Guix's
# nginx-service-type has them (`herd configuration nginx` prints its
# configuration file; `herd reload nginx` has the master start new
# workers, the master staying, the page still served), and a service's
# own: shepherd-configuration-action of a plain-file, an action that
# invokes a command, one that signals the running process (a trap of the
# service's sees it), one only Guile could run (noted at build time,
# refused by herd).  Root, real namespaces, temporary store; cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages nginx curl

mkdir -p "$T/www"
echo "hello from the actions test" >"$T/www/index.html"
cat >"$T/a.scm" <<'EOF2'
(use-modules (gnu))
(use-service-modules web)
(use-package-modules base bash curl web)
(define watcher-script
  (plain-file "watcher.sh"
   "trap 'echo got-hup >>/tmp/watcher' HUP\nwhile :; do sleep 0.1; done\n"))
(operating-system
  (host-name "actionbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (cons* curl %base-packages))
  (services
   (cons* (service nginx-service-type
           (nginx-configuration
            (server-blocks
             (list (nginx-server-configuration
                    (listen '("127.0.0.1:80"))
                    (root "/srv/www"))))))
          (simple-service 'watcher shepherd-root-service-type
           (list (shepherd-service
                  (provision '(watcher))
                  (documentation "Watch for SIGHUP.")
                  (start #~(make-forkexec-constructor
                            (list #$(file-append bash "/bin/sh") #$watcher-script)))
                  (stop #~(make-kill-destructor))
                  (actions
                   (list (shepherd-configuration-action watcher-script)
                         (shepherd-action
                          (name 'greet)
                          (documentation "Say hello.")
                          (procedure #~(lambda _
                                         (invoke #$(file-append coreutils "/bin/echo")
                                                 "hello, $USER"))))
                         (shepherd-action
                          (name 'hangup)
                          (documentation "Send SIGHUP.")
                          (procedure #~(lambda (pid)
                                         (kill pid SIGHUP)
                                         (format #t "Issued SIGHUP to ~a.~%" pid))))
                         (shepherd-action
                          (name 'fancy)
                          (documentation "Guile only.")
                          (procedure #~(lambda _ (display "fancy")))))))))
          %base-services)))
EOF2
build "$T/a.scm" --expose "$T/www=/srv/www"
grep -q "action 'fancy' of service 'watcher'" "$T/build.err" ||
	fail "the Guile-only action is not noted at build time"
iname act
inside "$N" '
	herd configuration nginx | sed "s/^/conf-nginx: /"
	herd configuration watcher | sed "s/^/conf-watcher: /"
	cat "$(herd configuration watcher)" | head -n 1 | sed "s/^/watcher-file: /"
	master=$(cat /var/run/nginx/pid)
	before=$(pgrep -P "$master" | sort | tr "\n" " ")
	herd reload nginx && echo reload-ok
	i=0
	while [ $i -lt 100 ]; do
		after=$(pgrep -P "$master" | sort | tr "\n" " ")
		[ -n "$after" ] && [ "$after" != "$before" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	[ "$after" != "$before" ] && echo new-workers
	[ "$(cat /var/run/nginx/pid)" = "$master" ] && echo same-master
	curl -sS http://127.0.0.1/ | sed "s/^/page: /"
	herd greet watcher | sed "s/^/greet: /"
	herd hangup watcher | sed "s/^/hangup: /"
	i=0
	until grep -q got-hup /tmp/watcher 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q got-hup /tmp/watcher && echo trap-ran
	herd fancy watcher 2>&1 | sed "s/^/fancy: /"
	herd status watcher | tail -n 1 | sed "s/^/status: /"
	herd doc watcher | sed "s/^/doc: /"
	herd doc watcher list-actions | sed "s/^/list: /"
	herd doc watcher action greet | sed "s/^/doc-greet: /"
	herd doc nginx action configuration | sed "s/^/doc-conf: /"
	herd doc nginx action reload | head -n 1 | sed "s/^/doc-reload: /"
' --expose "$T/www=/srv/www" || fail "boot (exit $?)"
expect_out '^conf-nginx: /etc/nginx/nginx.conf$' "herd configuration nginx"
expect_out '^conf-watcher: /etc/gxsys/files/watcher.sh$' "herd configuration watcher"
expect_out "^watcher-file: trap 'echo got-hup" "the configuration file's content"
expect_out '^reload-ok$' "herd reload nginx exits 0"
expect_out '^new-workers$' "nginx's reload starts new workers"
expect_out '^same-master$' "nginx's master stays"
expect_out '^page: hello from the actions test$' "the page after the reload"
expect_out '^greet: hello, \$USER$' "a command action (no shell between)"
expect_out '^hangup: Issued signal 1 to service watcher \(PID [0-9]+\)\.$' "a signal action"
expect_out '^trap-ran$' "the signal reached the service's process"
expect_out "^fancy: herd: fancy 'watcher': service 'watcher' has no action 'fancy'$" \
	"a Guile-only action is refused"
expect_out '^status: watcher +running' "the watcher still runs"
expect_out '^doc: Watch for SIGHUP\.$' "herd doc: the service's documentation"
expect_out '^list: watcher \(configuration greet hangup\)$' "herd doc list-actions"
expect_out '^doc-greet: greet: Say hello\.$' "herd doc action: the shepherd-action's documentation"
expect_out "^doc-conf: configuration: Display the name of this service's configuration file\\.\$" \
	"herd doc action: Guix's shepherd-configuration-action documentation"
expect_out '^doc-reload: reload: Reload nginx configuration file and restart worker processes\.' \
	"herd doc action: nginx's reload, as Guix documents it"
check_clean
echo "ok: container actions"
