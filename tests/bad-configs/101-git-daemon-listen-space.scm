;; error: 8:8: git-daemon-configuration: field 'listen': invalid entry "127.0.0.1 ::1" (expected an address without white space)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service git-daemon-service-type
     (git-daemon-configuration
       (listen '("127.0.0.1 ::1"))))
                   %base-services)))
