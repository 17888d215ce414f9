;; error: 11:68: calendar-event: #:days-of-week: expected a day's name (sunday to saturday), got sun
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-timer '(zfs-scrub)
                                #~(calendar-event #:days-of-week '(sun) #:hours '(0) #:minutes '(0))
                                #~("/bin/sh" "-c" "echo hi")
                                #:documentation "Scrub weekly.")))
         %base-services)))
