;; error: 8:8: tor-configuration: field 'socks-socket-type': invalid value "unix" (expected tcp or unix)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service tor-service-type
     (tor-configuration
       (socks-socket-type "unix")))
                   %base-services)))
