;; error: 10:11: varnish-service-type: two services are named "default" (line 9): each needs a 'name' of its own
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cachebox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service varnish-service-type)
          (service varnish-service-type
           (varnish-configuration
            (listen (list ":8081"))))
          %base-services)))
