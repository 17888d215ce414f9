;; error: 7:12: service dependency cycle: a -> b -> a
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'pair shepherd-root-service-type
     (list (shepherd-service (provision '(a)) (requirement '(b)))
           (shepherd-service (provision '(b)) (requirement '(a)))))
                   %base-services)))
