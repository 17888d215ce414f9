;; error: 12:18: shepherd-service 'worker': respawn-limit: expected #f or (COUNT . SECONDS), COUNT 1 to 1000 and SECONDS 1 to 86400, got (3 60)
(use-modules (gnu) (gnu services shepherd))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (simple-service 'worker shepherd-root-service-type
          (list (shepherd-service
                 (provision '(worker))
                 (start #~(make-forkexec-constructor '("/bin/sleep" "60")))
                 (respawn-limit '(3 60)))))
         %base-services)))
