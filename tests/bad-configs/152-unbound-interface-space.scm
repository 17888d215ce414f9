;; error: 8:32: unbound-server: field 'interface': invalid entry "127.0.0.1 ::1" (expected an IP address[@PORT] or an interface name, without white space, quotes or backslashes)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service unbound-service-type
     (unbound-configuration
       (server (unbound-server (interface (list "127.0.0.1 ::1"))))))
                   %base-services)))
