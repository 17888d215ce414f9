;; opensmtpd-service-type with every field given: the package, a
;; shepherd-requirement, a config-file of one's own (a local-file, used as
;; it is) whose alias table is /etc/aliases, no log file (smtpd forks and
;; writes its PID file) and no setgid commands; mail-aliases-service-type
;; with its value and an extension.  smtpd -n reads the smtpd.conf, with
;; the aliases, in describe-service-configs.sh.
(use-service-modules mail)
(use-package-modules mail)

(operating-system
  (host-name "mailhost")
  (bootloader #f)
  (file-systems '())
  (users (cons (user-account (name "alice") (group "users"))
               %base-user-accounts))
  (services
   (cons* (service opensmtpd-service-type
                   (opensmtpd-configuration
                    (package opensmtpd)
                    (shepherd-requirement '(syslogd))
                    (config-file (local-file "opensmtpd-every-field.conf"
                                             "smtpd.conf"))
                    (log-file #f)
                    (setgid-commands? #f)))
          (service mail-aliases-service-type
                   '(("postmaster" "alice")
                     ("team" "alice" "root")))
          (simple-service 'abuse mail-aliases-service-type
                          '(("abuse" "postmaster")))
          %base-services)))
