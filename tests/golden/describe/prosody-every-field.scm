;; prosody-service-type with every field of prosody-configuration and of
;; the records it is made of (virtual hosts with every common field, an
;; internal MUC component, an external component, ssl-configuration with
;; every field), strings Lua must read escaped: describe's golden.
(use-modules (gnu))
(use-service-modules messaging)
(use-package-modules messaging)
(define every-ssl-field
  (ssl-configuration
   (protocol "tlsv1_2+")
   (key "/etc/prosody/certs/example.org.key")
   (certificate "/etc/prosody/certs/example.org.crt")
   (capath "/etc/ssl/certs")
   (cafile "/etc/ssl/certs/ca-certificates.crt")
   (verify '("peer" "client_once"))
   (options '("no_sslv2" "no_sslv3"))
   (depth 4)
   (ciphers "HIGH:!aNULL:!MD5")
   (dhparam "/etc/prosody/certs/dh-2048.pem")
   (curve "secp384r1")
   (verifyext '("lsec_continue"))
   (password "key \"pass\\word\"")))
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (prosody prosody)
            (data-path "/var/lib/prosody")
            (plugin-paths (list "/usr/local/lib/prosody/modules"
                                (file-append prosody "/lib/prosody/modules")))
            (certificates "/etc/prosody/certs")
            (admins '("admin@example.org"))
            (use-libevent? #f)
            (modules-enabled '("roster" "saslauth" "tls" "dialback" "disco"
                               "posix" "muc_mam" "http_files"))
            (modules-disabled '("s2s"))
            (groups-file (plain-file "sharedgroups.txt"
                                     "[Staff]\nadmin@example.org=Admin\n"))
            (allow-registration? #f)
            (ssl every-ssl-field)
            (c2s-require-encryption? #t)
            (disable-sasl-mechanisms '("DIGEST-MD5" "X-OAUTH2"))
            (insecure-sasl-mechanisms '("PLAIN" "LOGIN"))
            (s2s-require-encryption? #t)
            (s2s-secure-auth? #t)
            (s2s-insecure-domains '("legacy.example.net"))
            (s2s-secure-domains '("jabber.example.com"))
            (authentication "internal_hashed")
            (log "*syslog")
            (pidfile "/var/run/prosody/prosody.pid")
            (http-max-content-size 10485760)
            (http-external-url "https://xmpp.example.org/")
            (virtualhosts
             (list (virtualhost-configuration
                    (domain "example.org")
                    (admins '("root@example.org"))
                    (use-libevent? #f)
                    (modules-enabled '("roster" "saslauth"))
                    (modules-disabled '("vcard"))
                    (groups-file "/var/lib/prosody/example.org-groups.txt")
                    (allow-registration? #t)
                    (ssl (ssl-configuration
                          (key "/etc/prosody/certs/example.org.key")
                          (certificate "/etc/prosody/certs/example.org.crt")))
                    (c2s-require-encryption? #t)
                    (disable-sasl-mechanisms '("DIGEST-MD5"))
                    (insecure-sasl-mechanisms '())
                    (s2s-require-encryption? #t)
                    (s2s-secure-auth? #f)
                    (s2s-insecure-domains '())
                    (s2s-secure-domains '("example.com"))
                    (authentication "internal_hashed")
                    (log "*syslog")
                    (http-max-content-size 1048576)
                    (http-external-url "https://example.org/")
                    (raw-content "-- example.org's own settings\nwelcome_message = \"Hi\";\n"))
                   (virtualhost-configuration
                    (domain "localhost"))))
            (int-components
             (list (int-component-configuration
                    (hostname "rooms.example.org")
                    (plugin "muc")
                    (admins '("admin@example.org"))
                    (mod-muc (mod-muc-configuration
                              (name "Example \"Rooms\"")
                              (restrict-room-creation "local")
                              (max-history-messages 50)))
                    (raw-content "muc_room_default_public = false;\n"))
                   (int-component-configuration
                    (hostname "upload.example.org")
                    (plugin "http_file_share")
                    (mod-muc (mod-muc-configuration
                              (restrict-room-creation #t))))))
            (ext-components
             (list (ext-component-configuration
                    (hostname "gateway.example.org")
                    (component-secret "s3cr\\et\n\"quoted\"")
                    (modules-enabled '("ping")))))
            (component-ports '(5347 5348))
            (component-interface "127.0.0.1")
            (raw-content "-- global raw content\nmotd_text = [[Welcome]];\n")))
          %base-services)))
