;; error: 13:80: cron-string->calendar-event: "60 3 * * *": minute field "60": 60 is not a minute (0 to 59)
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
                 (start #~(make-timer-constructor (cron-string->calendar-event "60 3 * * *") (command '("/usr/bin/updatedb"))))
                 (stop #~(make-timer-destructor))
                 (actions (list shepherd-trigger-action)))))
         %base-services)))
