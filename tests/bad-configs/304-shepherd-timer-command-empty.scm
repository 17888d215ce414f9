;; error: 11:33: shepherd-timer: empty command
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-timer '(notmuch-compact) "0 4 * * *"
                                #~())))
         %base-services)))
