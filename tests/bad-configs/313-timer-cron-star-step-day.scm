;; error: 11:80: cron-string->calendar-event: "0 0 13 * */2": day-of-week field "*/2" starts with '*' but leaves days out, beside a day-of-month field: Vixie cron would require both days, gxsys takes either; list the days instead
(use-modules (gnu) (gnu services shepherd))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-service
                 (provision '(odd))
                 (start #~(make-timer-constructor (cron-string->calendar-event "0 0 13 * */2")
                                                  (command '("/bin/true"))))
                 (stop #~(make-timer-destructor)))))
         %base-services)))
