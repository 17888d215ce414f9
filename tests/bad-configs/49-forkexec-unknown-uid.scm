;; error: 10:17: service 'worker': #:user 1501: no user has this uid
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users") (uid 1500))
               %base-user-accounts))
  (services
   (cons (simple-service 'worker shepherd-root-service-type
          (list (shepherd-service
                 (provision '(worker))
                 (start #~(make-forkexec-constructor (list "/bin/sleep" "100")
                                                     #:user 1501 #:group 998)))))
         %base-services)))
