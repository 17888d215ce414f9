;; error: 10:36: nginx-server-configuration: listen "443 ssl" needs ssl-certificate and ssl-certificate-key (Guix's default listen is ("80" "443 ssl"): use (listen '("80")) for plain HTTP)
(use-service-modules web)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service nginx-service-type
                           (nginx-configuration
                            (server-blocks
                             (list (nginx-server-configuration
                                    (server-name '("www.example.org")))))))
                  %base-services)))
