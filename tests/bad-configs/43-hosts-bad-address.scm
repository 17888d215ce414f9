;; error: 7:27: simple-service 'db': invalid IP address "1.2.3"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (simple-service 'db hosts-service-type
                    (list (host "1.2.3" "db")))
                  %base-services)))
