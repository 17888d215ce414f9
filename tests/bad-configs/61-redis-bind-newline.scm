;; error: 7:27: redis-configuration: field 'bind': invalid value "127.0.0.1\nrequirepass x" (expected addresses separated by spaces)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service redis-service-type
     (redis-configuration (bind "127.0.0.1\nrequirepass x")))
                   %base-services)))
