;; samba-service-type with every field: the package, a mixed-text-file
;; config-file (a file-append lowered to its path in it) and every
;; enable-*? flag given, nmbd turned off and Samba's AD DC daemon on:
;; describe's golden.
(use-modules (gnu))
(use-service-modules samba)
(use-package-modules samba)
(operating-system
  (host-name "fileserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service samba-service-type
           (samba-configuration
            (package samba)
            (config-file
             (mixed-text-file "smb.conf"
                              "[global]\n"
                              "  server role = standalone server\n"
                              "  panic action = "
                              (file-append samba "/share/samba/panic-action")
                              " %d\n"
                              "[public]\n"
                              "  path = /srv/public\n"
                              "  guest ok = yes\n"))
            (enable-samba? #t)
            (enable-smbd? #t)
            (enable-nmbd? #f)
            (enable-winbindd? #t)))
          %base-services)))
