;; error: 13:114: action 'reload' of service 'web': control character in "a\nb"
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
                 (actions (list (shepherd-action (name 'reload) (documentation "Reload.") (procedure #~(lambda _ (invoke "/bin/echo" "a\nb")))))))))
         %base-services)))
