;; error: 13:34: shepherd-service 'web': field 'actions': expected a shepherd-action, got reload
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
                 (actions (list 'reload)))))
         %base-services)))
