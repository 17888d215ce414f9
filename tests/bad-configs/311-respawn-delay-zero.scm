;; error: 12:18: shepherd-service 'worker': respawn-delay: expected #f or seconds (0.001 to 3600), got 0
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
                 (respawn-delay 0))))
         %base-services)))
