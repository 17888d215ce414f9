;; error: 10:55: shepherd-timer: expected a schedule, a cron string or a gexp of a calendar event, got 3
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-timer '(garbage-collection) 3
                                #~("/bin/true"))))
         %base-services)))
