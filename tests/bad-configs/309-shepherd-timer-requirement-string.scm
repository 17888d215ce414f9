;; error: 12:47: shepherd-timer: #:requirement: expected a list of symbols, got "user-processes"
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-timer '(garbage-collection) "0 3 */3 * *"
                                #~("/bin/true")
                                #:requirement "user-processes")))
         %base-services)))
