;; error: 8:12: service 'web' is provided more than once
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'twice shepherd-root-service-type
     (list (shepherd-service (provision '(web)))
           (shepherd-service (provision '(web)))))
                   %base-services)))
