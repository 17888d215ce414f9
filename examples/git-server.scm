;; A Git server: git daemon serves, read-only over git://HOST/, every
;; repository under /srv/git (export-all? #t; without it, only those with a
;; git-daemon-export-ok file), as the git-daemon user.  Make one with
;;   git init --bare /srv/git/hello.git
;;   chown -R git-daemon:git-daemon /srv/git/hello.git
;; (git serves only the repositories its user owns, unless safe.directory
;; says otherwise) and clone it with  git clone git://HOST/hello.git.

(use-modules (gnu))
(use-service-modules version-control)

(operating-system
  (host-name "git-server")
  (timezone "Etc/UTC")
  (locale "en_US.utf8")

  ;; Required by Guix's syntax, ignored in a container.
  (bootloader (bootloader-configuration
                (bootloader grub-bootloader)
                (targets '("does-not-matter"))))
  (file-systems (list (file-system
                        (device "does-not-matter")
                        (mount-point "/")
                        (type "does-not-matter"))))

  (services
   (cons (service git-daemon-service-type
                  (git-daemon-configuration
                   (export-all? #t)))
         %base-services)))
