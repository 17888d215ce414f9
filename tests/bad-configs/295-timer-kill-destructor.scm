;; error: 14:24: a timer (make-timer-constructor) is stopped with #~(make-timer-destructor), not '(make-kill-destructor ...)'
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
                 (start #~(make-timer-constructor (calendar-event #:hours '(3)) (command '("/usr/bin/updatedb"))))
                 (stop #~(make-kill-destructor))
                 (actions (list shepherd-trigger-action)))))
         %base-services)))
