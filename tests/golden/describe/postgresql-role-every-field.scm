;; postgresql-role-service-type with every field given: the configuration's
;; roles (every permission, a password file, a database with its encoding,
;; locales and template, names to quote for SQL), then those of a
;; simple-service and of a custom service type's extension, appended in
;; that order; the same role declared twice is made once.
(use-service-modules databases)
(use-package-modules databases)

(define app-service-type
  (service-type
   (name 'app)
   (extensions
    (list (service-extension postgresql-role-service-type
                             (const (list (postgresql-role
                                           (name "app")
                                           (permissions '())))))))
   (description "An application that needs a role.")))

(operating-system
  (host-name "roles")
  (locale "fr_FR.utf8")
  (bootloader #f)
  (file-systems '())
  (services
   (cons* (service postgresql-service-type
                   (postgresql-configuration
                    (postgresql postgresql-15)
                    (locale "fr_FR.utf8")))
          (service postgresql-role-service-type
                   (postgresql-role-configuration
                    (shepherd-requirement '(user-processes postgres syslogd))
                    (host "/var/run/postgresql")
                    (log "/var/log/postgresql/roles.log")
                    (roles
                     (list (postgresql-role
                            (name "admin")
                            (password-file "/var/lib/postgresql/admin.password")
                            (permissions '(superuser createrole createdb login
                                           replication bypassrls)))
                           (postgresql-role
                            (name "o'brien \"the\" \\ dba")
                            (create-database? #t)
                            (encoding "UTF8")
                            (collation "fr_FR.utf8")
                            (ctype "fr_FR.utf8")
                            (template "template0"))))))
          (simple-service 'reports postgresql-role-service-type
                          (list (postgresql-role
                                 (name "reports")
                                 (password-file "/run/secrets/reports")
                                 (permissions '(login)))
                                (postgresql-role
                                 (name "admin")
                                 (password-file "/var/lib/postgresql/admin.password")
                                 (permissions '(superuser createrole createdb login
                                                replication bypassrls)))))
          (service app-service-type #f)
          %base-services)))
