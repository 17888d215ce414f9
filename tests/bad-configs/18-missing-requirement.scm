;; error: 7:12: service 'app' requires 'database', which is not provided by any service
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'custom shepherd-root-service-type
     (list (shepherd-service (provision '(app)) (requirement '(database))
       (start #~(make-forkexec-constructor (list "/usr/bin/app"))))))
                   %base-services)))
