;; error: 8:66: make-forkexec-constructor: #:resource-limits is not supported by gxsys
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'custom shepherd-root-service-type
     (list (shepherd-service (provision '(app))
       (start #~(make-forkexec-constructor (list "/usr/bin/app") #:resource-limits '((nofile 10 10)))))))
                   %base-services)))
