;; radicale-service-type with every field of the current Guix's
;; radicale-configuration and its section records, the htpasswd file given
;; by an etc-service-type extension: describe's golden.
(use-modules (gnu))
(use-service-modules mail)
(use-package-modules dav)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (package radicale)
            (auth (radicale-auth-configuration
                   (type 'htpasswd)
                   (htpasswd-filename "/etc/radicale/users")
                   (htpasswd-encryption 'md5)
                   (delay 1)
                   (realm "Radicale - Password Required")))
            (encoding (radicale-encoding-configuration
                       (request 'utf-8)
                       (stock 'utf-8)))
            (headers-file (plain-file "radicale-headers"
                                      "Access-Control-Allow-Origin = *\n"))
            (logging (radicale-logging-configuration
                      (level 'info)
                      (mask-passwords? #t)))
            (rights (radicale-rights-configuration
                     (type 'owner-only)
                     (file "/etc/radicale/rights")))
            (server (radicale-server-configuration
                     (hosts '("localhost:5232" "0.0.0.0:5233" "[::]:5234"))
                     (max-connections 8)
                     (max-content-length 100000000)
                     (timeout 30)
                     (ssl? #f)
                     (certificate "/etc/ssl/certs/radicale.pem")
                     (key "/etc/ssl/private/radicale.key")
                     (certificate-authority "/etc/ssl/certs/ca.pem")))
            (storage (radicale-storage-configuration
                      (type 'multifilesystem)
                      (filesystem-folder "/var/lib/radicale/collections")
                      (max-sync-token-age 2592000)
                      (hook "")))
            (web-interface? #t)))
          (simple-service 'radicale-users etc-service-type
                          (list `("radicale/users"
                                  ,(plain-file "users" "alice:alice-password\n"))))
          %base-services)))
