;; error: 12:23: radicale-storage-configuration: field 'filesystem-folder': expected a folder of radicale's own (made radicale's, 0700, at boot), not "/", a top-level directory, one the system shares (/var/lib, /etc/ssl...) or one under /usr, /proc, /sys or /dev, got "/etc"
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (storage (radicale-storage-configuration
                      (filesystem-folder "/etc")))))
          %base-services)))
