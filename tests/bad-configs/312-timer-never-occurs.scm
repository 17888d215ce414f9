;; error: 11:51: cron-string->calendar-event: the event never occurs: no month it allows has a day of the month it allows
(use-modules (gnu) (gnu services shepherd))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-service
                 (provision '(leap))
                 (start #~(make-timer-constructor (cron-string->calendar-event "0 0 30 2 *")
                                                  (command '("/bin/true"))))
                 (stop #~(make-timer-destructor)))))
         %base-services)))
