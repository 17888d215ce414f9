;; error: 10:16: tor-transport-plugin: field 'role': invalid value bridge (expected client or server)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service tor-service-type
     (tor-configuration
       (transport-plugins
        (list (tor-transport-plugin
               (role 'bridge)
               (program "/usr/bin/obfs4proxy"))))))
                   %base-services)))
