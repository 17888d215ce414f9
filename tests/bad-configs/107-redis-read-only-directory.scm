;; error: 8:19: redis-service-type: directory /usr/share/redis cannot be made: /usr is read-only in the container
(use-modules (gnu))
(use-service-modules databases)
(operating-system
  (host-name "h")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service redis-service-type
                    (redis-configuration (working-directory "/usr/share/redis")))
                  %base-services)))
