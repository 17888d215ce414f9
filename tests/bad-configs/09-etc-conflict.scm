;; error: 7:67: /etc/motd is declared twice with different contents (first at line 6)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'a etc-service-type `(("motd" ,(plain-file "motd" "one\n"))))
                   (simple-service 'b etc-service-type `(("motd" ,(plain-file "motd" "two\n"))))
                   %base-services)))
