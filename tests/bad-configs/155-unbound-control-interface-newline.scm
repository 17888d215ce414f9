;; error: 9:26: unbound-remote: field 'control-interface': invalid value "/run/unbound.sock\ncontrol-enable: no" (expected an IP address, or a socket's absolute path of at most 107 bytes, without white space, quotes or backslashes)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service unbound-service-type
     (unbound-configuration
       (remote-control (unbound-remote
                         (control-interface "/run/unbound.sock\ncontrol-enable: no")))))
                   %base-services)))
