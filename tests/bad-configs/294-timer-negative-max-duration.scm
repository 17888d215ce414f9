;; error: 13:129: #:max-duration: expected an integer from 1 to 2147483 or #f, got -5
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
                 (start #~(make-timer-constructor (calendar-event #:hours '(3)) (command '("/usr/bin/updatedb")) #:max-duration -5))
                 (stop #~(make-timer-destructor))
                 (actions (list shepherd-trigger-action)))))
         %base-services)))
