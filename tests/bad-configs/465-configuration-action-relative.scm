;; error: 13:33: action 'configuration' of service 'web': expected an absolute file name, got "web.conf"
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
                 (actions (list (shepherd-configuration-action "web.conf"))))))
         %base-services)))
