;; A mail server for the system's own users: OpenSMTPD with Guix's default
;; smtpd.conf (%default-opensmtpd-config-file), which listens on the
;; loopback interface, delivers mail for local users to their mailboxes,
;; /var/mail/USER (mbox), and relays mail from local senders to other
;; domains.  Try, inside:
;;   printf 'Subject: hi\n\nhello\n' | sendmail alice    (as any user)
;;   smtpctl show queue                                   (as root)
;;   cat /var/mail/alice
;; or an SMTP dialogue with 127.0.0.1 port 25.  smtpd starts as root and
;; runs its processes as opensmtpd and opensmtpq; its log is
;; /var/log/mail.log.

(use-modules (gnu))
(use-service-modules mail)

(operating-system
  (host-name "mail-server")
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

  (users (cons* (user-account
                  (name "alice")
                  (comment "Alice")
                  (group "users"))
                (user-account
                  (name "bob")
                  (comment "Bob")
                  (group "users"))
                %base-user-accounts))

  (services
   (cons (service opensmtpd-service-type
                  (opensmtpd-configuration
                   (config-file %default-opensmtpd-config-file)))
         %base-services)))
