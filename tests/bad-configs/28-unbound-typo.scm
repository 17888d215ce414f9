;; error: 7:28: unbound variable 'ngnix-service-type' (did you mean 'nginx-service-type'?)
(use-service-modules web)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (list (service ngnix-service-type))))
