;; error: 12:23: radicale-storage-configuration: field 'hook': expected a command of one line, without control characters or white space at its ends, '%' only in "%%" or "%(user)s", got "logger stored 100% for %s"
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
                      (hook "logger stored 100% for %s")))))
          %base-services)))
