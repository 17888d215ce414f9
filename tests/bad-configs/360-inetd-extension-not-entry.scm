;; error: 10:11: simple-service 'daytime': expected a list of inetd-entry, got #<inetd-entry>
(use-modules (gnu))
(use-service-modules networking)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service inetd-service-type (inetd-configuration))
          (simple-service 'daytime inetd-service-type
           (inetd-entry (name "daytime") (socket-type 'stream) (protocol "tcp") (user "root")))
          %base-services)))
