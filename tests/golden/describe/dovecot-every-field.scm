;; dovecot-service-type with every record type and every field of the
;; records a dovecot-configuration is made of (dict, passdb, userdb,
;; plugin, namespace, mailbox, protocol, service, unix-, fifo- and
;; inet-listener), and top-level fields of each kind: strings (one with
;; '#', one with quotes, one already quoted, a "<FILE"), booleans,
;; integers, space-, comma- and colon-separated lists (an empty one left
;; out), file names, free-form fields and args, accounts named by
;; settings (mail-uid, a listener's user and group, "$variable"s left
;; alone): describe's golden, dovecot.conf as Guix serializes it.
(use-modules (gnu))
(use-service-modules mail)
(use-package-modules mail)
(operating-system
  (host-name "mailhost")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons* (user-account
                 (name "vmail")
                 (group "vmail")
                 (system? #t)
                 (home-directory "/var/vmail"))
                %base-user-accounts))
  (groups (cons (user-group (name "vmail") (system? #t)) %base-groups))
  (services
   (cons* (service dovecot-service-type
           (dovecot-configuration
            (dovecot dovecot)
            (listen '("127.0.0.1" "::1"))
            (dict (dict-configuration
                   (entries '((quota . "file:/var/vmail/quota.dict")))))
            (passdbs (list (passdb-configuration
                            (driver "passwd-file")
                            (args '("scheme=SHA512-CRYPT" "/etc/dovecot/users")))
                           (passdb-configuration)))
            (userdbs (list (userdb-configuration
                            (driver "static")
                            (args '("uid=vmail" "gid=vmail" "home=/var/vmail/%d/%n"))
                            (override-fields '((mail . "maildir:~/Maildir")
                                               (quota-rule . "*:storage=1G"))))))
            (plugin-configuration
             (plugin-configuration
              (entries '((quota . "maildir:User quota")
                         (sieve . "file:~/sieve;active=~/.dovecot.sieve")))))
            (namespaces
             (list (namespace-configuration
                    (name "inbox")
                    (type "private")
                    (separator "/")
                    (prefix "")
                    (location "")
                    (inbox? #t)
                    (hidden? #f)
                    (list? #t)
                    (subscriptions? #t)
                    (mailboxes
                     (list (mailbox-configuration
                            (name "Sent Messages")
                            (auto "subscribe")
                            (special-use '("\\Sent")))
                           (mailbox-configuration (name "Archive")))))
                   (namespace-configuration
                    (name "shared")
                    (type "shared")
                    (prefix "shared/%u/")
                    (location "maildir:/var/vmail/%d/%n/Maildir:INDEXPVT=~/shared/%u")
                    (list? #f))))
            (base-dir "/var/run/dovecot/")
            (login-greeting "Mail #1 ready.")
            (login-trusted-networks '("10.0.0.0/8" "192.168.0.0/16"))
            (verbose-proctitle? #t)
            (import-environment '("TZ" "LANG=C.UTF-8"))
            (disable-plaintext-auth? #f)
            (auth-username-translation "#@/@")
            (auth-mechanisms '("plain" "login"))
            (auth-worker-max-count 10)
            (log-path "/var/log/dovecot.log")
            (info-log-path "/var/log/dovecot-info.log")
            (log-timestamp "\"%Y-%m-%d %H:%M:%S \"")
            (mail-location "maildir:~/Maildir")
            (mail-uid "vmail")
            (mail-gid "vmail")
            (first-valid-uid 100)
            (valid-chroot-dirs '("/var/vmail" "/srv/mail"))
            (mail-plugin-dir "/usr/lib/dovecot")
            (mail-plugins '("quota"))
            (mbox-write-locks '())
            (mdbox-rotate-size 20000000)
            (ssl? "yes")
            (ssl-cert "</etc/ssl/certs/mail.pem")
            (ssl-key "</etc/ssl/private/mail.key")
            (ssl-key-password " secret with spaces ")
            (rejection-reason "Mail to <%t> refused: \"%r\"")
            (imap-capability "+XLIST\\")
            (protocols
             (list (protocol-configuration
                    (name "imap")
                    (auth-socket-path "/var/run/dovecot/auth-master")
                    (mail-plugins '("$mail_plugins" "imap_quota"))
                    (mail-max-userip-connections 20)
                    (imap-metadata? #t)
                    (managesieve-notify-capability '())
                    (managesieve-sieve-capability '()))
                   (protocol-configuration
                    (name "lmtp")
                    (mail-plugins '("$mail_plugins" "sieve")))))
            (services
             (list (service-configuration
                    (kind "imap-login")
                    (listeners
                     (list (inet-listener-configuration
                            (protocol "imap")
                            (address "127.0.0.1")
                            (port 143)
                            (ssl? #f))
                           (inet-listener-configuration (protocol "imaps") (port 993))))
                    (client-limit 100)
                    (service-count 0)
                    (process-limit 10)
                    (process-min-avail 2)
                    (vsz-limit 512000000))
                   (service-configuration
                    (kind "auth")
                    (service-count 0)
                    (process-limit 1)
                    (listeners
                     (list (unix-listener-configuration
                            (path "auth-master")
                            (mode "0660")
                            (user "vmail")
                            (group "vmail"))
                           (unix-listener-configuration
                            (path "auth-userdb")
                            (user "$default_internal_user"))
                           (fifo-listener-configuration
                            (path "login/proxy-notify")
                            (mode "0600")
                            (user "")
                            (group "")))))))))
          %base-services)))
