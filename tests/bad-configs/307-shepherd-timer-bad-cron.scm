;; error: 10:55: cron-string->calendar-event: "0 3 */3 * * *": expected 5 fields (minute hour day-of-month month day-of-week), got 6
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-timer '(garbage-collection) "0 3 */3 * * *"
                                #~(#$(file-append coreutils "/bin/true")))))
         %base-services)))
