;; A cache server: Redis listening on the loopback interface, port 6379,
;; with its data in /var/lib/redis.  To listen elsewhere, give
;; (redis-configuration (bind "0.0.0.0") (port 6380)); to use a redis.conf
;; of your own, (redis-configuration (config-file (local-file "redis.conf"))).

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
   (cons (service redis-service-type)
         %base-services)))
