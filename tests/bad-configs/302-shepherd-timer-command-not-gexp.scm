;; error: 11:34: shepherd-timer: expected a command, a gexp of a list (#~("PROGRAM" "ARG" ...)), got ("notmuch" "compact")
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-timer '(notmuch-compact) "0 4 * * *"
                                '("notmuch" "compact"))))
         %base-services)))
