;; error: 13:18: shepherd-service 'updatedb': a timer (make-timer-constructor) cannot be one-shot? #t: it stays started, to fire again
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
                 (one-shot? #t)
                 (start #~(make-timer-constructor (calendar-event #:hours '(3)) (command '("/usr/bin/updatedb"))))
                 (stop #~(make-timer-destructor))
                 (actions (list shepherd-trigger-action)))))
         %base-services)))
