;; error: 6:28: unbound variable 'frobnicator-service-type': gxsys has no such service type (see "Configuration: what is supported" in its README)
(operating-system
  (host-name "frob")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service frobnicator-service-type) %base-services)))
