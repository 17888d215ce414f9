;; error: 7:11: simple-service 'make-dirs': extends 'activation-service-type', which gxsys does not support (activation snippets are Guile code, which gxsys does not run: declare a one-shot shepherd-service instead)
(operating-system
  (host-name "act")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (simple-service 'make-dirs activation-service-type
                          #~(begin (mkdir-p "/var/lib/app")))
          %base-services)))
