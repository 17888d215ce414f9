;; A database server: PostgreSQL 15 listening on the loopback interface,
;; port 5432, and on its socket in /var/run/postgresql.  On the socket, each
;; system user is the PostgreSQL role of the same name (peer
;; authentication, as Guix's current default); TCP connections need a
;; password.  The cluster is made at boot, in the declared locale, unless
;; its data directory already has one: to keep it across boots, run the
;; container with --share=/srv/pg=/var/lib/postgresql.
;;
;; The roles are made at boot, once the server answers, unless they exist:
;; alice, with a database of her own, and a reporting role another service
;; asks for by extending postgresql-role-service-type.

(use-modules (gnu))
(use-service-modules databases)
(use-package-modules databases)

(operating-system
  (host-name "database")
  (timezone "Etc/UTC")
  ;; initdb makes the cluster in this locale, and alice's database is
  ;; made in it: the system must have it.
  (locale "en_US.utf8")

  ;; Required by Guix's syntax, ignored in a container.
  (bootloader (bootloader-configuration
                (bootloader grub-bootloader)
                (targets '("does-not-matter"))))
  (file-systems (list (file-system
                        (device "does-not-matter")
                        (mount-point "/")
                        (type "does-not-matter"))))

  ;; alice logs in to her database as herself, over the socket.
  (users (cons (user-account
                 (name "alice")
                 (comment "Alice")
                 (group "users"))
               %base-user-accounts))

  (services
   (cons* (service postgresql-service-type
                   (postgresql-configuration
                    (postgresql postgresql-15)
                    (locale "en_US.utf8")
                    (config-file
                     (postgresql-config-file
                      (hba-file
                       (plain-file "pg_hba.conf"
                                   "local all all peer
host all all 127.0.0.1/32 md5
host all all ::1/128 md5
"))))))
          (service postgresql-role-service-type
                   (postgresql-role-configuration
                    (roles (list (postgresql-role
                                  (name "alice")
                                  (create-database? #t))))))
          ;; What a reporting tool's service would add: a role that may log
          ;; in and do nothing else.
          (simple-service 'reports-role postgresql-role-service-type
                          (list (postgresql-role
                                 (name "reports")
                                 (permissions '(login)))))
          %base-services)))
