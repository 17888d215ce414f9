;; A cache server: memcached with Guix's defaults (all interfaces, TCP and
;; UDP port 11211), run as the memcached user.  Its log is
;; /var/log/memcached.  To listen on the loopback only, give
;; (memcached-configuration (interfaces '("127.0.0.1"))).

(use-modules (gnu))
(use-service-modules databases)

(operating-system
  (host-name "cache")
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
   (cons (service memcached-service-type)
         %base-services)))
