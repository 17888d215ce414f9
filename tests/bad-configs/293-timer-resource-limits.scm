;; error: 13:113: command: #:resource-limits is not supported by gxsys
(use-modules (gnu) (gnu services shepherd))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'updatedb shepherd-root-service-type
          (list (shepherd-service
                 (provision '(updatedb))
                 (requirement '(user-processes))
                 (modules '((shepherd service timer)))
                 (start #~(make-timer-constructor (calendar-event #:hours '(3)) (command '("/usr/bin/updatedb") #:resource-limits '((nofile 1024 1024)))))
                 (stop #~(make-timer-destructor))
                 (actions (list shepherd-trigger-action)))))
         %base-services)))
