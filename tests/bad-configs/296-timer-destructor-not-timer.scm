;; error: 14:24: make-timer-destructor stops a timer, and this service's start is not make-timer-constructor
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
                 (start #~(make-forkexec-constructor '("/usr/bin/updatedb")))
                 (stop #~(make-timer-destructor))
                 (actions (list shepherd-trigger-action)))))
         %base-services)))
