;; error: 7:12: service 'app': user 'app' is not declared
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'custom shepherd-root-service-type
     (list (shepherd-service (provision '(app))
       (start #~(make-forkexec-constructor (list "/usr/bin/app") #:user "app")))))
                   %base-services)))
