;; error: 11:33: shepherd-timer: expected a command, a gexp of a list (#~("PROGRAM" "ARG" ...)), got #:requirement
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-timer '(garbage-collection) "0 3 */3 * *"
                                #:requirement '(user-processes))))
         %base-services)))
