;; error: 9:26: unbound-remote: field 'extra-options': invalid option name "control-port" (expected a symbol of lower-case letters, digits and "-")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service unbound-service-type
     (unbound-configuration
       (remote-control (unbound-remote
                         (extra-options (list (cons "control-port" 8953)))))))
                   %base-services)))
