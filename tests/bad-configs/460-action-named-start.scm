;; error: 13:50: shepherd-action: field 'name': expected a symbol of 1 to 32 lower-case letters, digits or '-', not one of herd's own verbs (status, start, stop, restart, enable, disable, trigger, files, rotate-logs, doc), got start
(use-modules (gnu) (gnu services shepherd))
(use-package-modules base)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'web shepherd-root-service-type
          (list (shepherd-service
                 (provision '(web))
                 (start #~(make-forkexec-constructor (list #$(file-append coreutils "/bin/sleep") "1000")))
                 (actions (list (shepherd-action (name 'start) (documentation "Start.") (procedure #~(lambda _ (invoke "/bin/true")))))))))
         %base-services)))
