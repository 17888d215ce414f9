;; error: 6:20: no target of type 'nginx-service-type' for service simple-service 'site'
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'site nginx-service-type
     (list (nginx-server-configuration (server-name '("a.example")))))
                   %base-services)))
