;; A Git web interface: cgit, served by nginx through fcgiwrap, as Guix's
;; cgit-service-type does (it adds nginx and fcgiwrap with their defaults
;; when the system has none).  cgit lists every repository under
;; repository-directory, /srv/git, and the one declared below; make one with
;;   git init --bare /srv/git/hello.git
;; (cgit runs as fcgiwrap's user: the repositories must be readable by it)
;; and browse http://HOST/.  Files are highlighted by the cgit package's
;; syntax-highlighting.py, which brings Python's Pygments into the system.

(use-modules (gnu))
(use-service-modules cgit web)
(use-package-modules curl version-control)

(operating-system
  (host-name "cgit")
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

  ;; git, to make repositories; curl, to fetch the pages from inside.
  (packages (cons* git curl %base-packages))

  (services
   (cons* (service cgit-service-type
                   (cgit-configuration
                    (root-title "gxsys repositories")
                    (root-desc "Git repositories of a gxsys container")
                    (repository-directory "/srv/git")
                    (enable-commit-graph? #t)
                    (snapshots '("tar.gz" "zip"))
                    (clone-prefix '("http://localhost"))
                    (source-filter
                     (file-append cgit "/lib/cgit/filters/syntax-highlighting.py"))
                    (repositories
                     (list (repository-cgit-configuration
                            (url "notes")
                            (path "/srv/notes.git")
                            (desc "Notes, declared in the configuration")
                            (owner "alice"))))))
          %base-services)))
