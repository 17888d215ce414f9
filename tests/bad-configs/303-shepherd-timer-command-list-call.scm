;; error: 11:36: shepherd-timer: the command gexp's body is the command line itself, #~("PROGRAM" "ARG" ...), spliced into a quoted list: (list ...) would make the symbol list its program
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-timer '(notmuch-compact) "0 4 * * *"
                                #~(list "notmuch" "compact"))))
         %base-services)))
