;; error: 11:50: passdb-configuration: field 'driver': "pam" is not supported by gxsys: a gxsys system has no PAM stack, and dovecot would refuse every login; use "shadow" (the default here: the system's accounts and passwords) or "passwd-file" with args
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dovecot-service-type
           (dovecot-configuration
            (passdbs (list (passdb-configuration (driver "pam"))))))
          %base-services)))
