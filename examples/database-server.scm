;; A database server: PostgreSQL 15 listening on the loopback interface,
;; port 5432, and on its socket in /var/run/postgresql.  Local connections
;; are trusted and TCP ones need a password (Guix's default pg_hba.conf).
;; The cluster is made at boot, in the declared locale, unless its data
;; directory already has one: to keep it across boots, run the container
;; with --share=/srv/pg=/var/lib/postgresql.

(use-modules (gnu))
(use-service-modules databases)
(use-package-modules databases)

(operating-system
  (host-name "database")
  (timezone "Etc/UTC")
  ;; initdb makes the cluster in this locale: the system must have it.
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
   (cons (service postgresql-service-type
                  (postgresql-configuration
                   (postgresql postgresql-15)
                   (locale "en_US.utf8")))
         %base-services)))
