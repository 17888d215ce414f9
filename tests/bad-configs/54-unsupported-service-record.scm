;; error: 9:21: unbound variable 'cups-configuration': it configures 'cups-service-type', which gxsys does not support (gxsys cannot run it yet)
(use-service-modules cups)
(operating-system
  (host-name "printer")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  ;; A print server: the record comes first.
  (services (cons (service cups-service-type
                   (cups-configuration
                    (web-interface? #t)))
                  %base-services)))
