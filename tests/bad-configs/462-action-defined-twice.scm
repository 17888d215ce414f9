;; error: 13:81: shepherd-service 'web': action 'configuration' defined twice
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
                 (actions (list (shepherd-configuration-action "/etc/web.conf") (shepherd-configuration-action "/etc/web2.conf"))))))
         %base-services)))
