;; error: 8:8: cgit-configuration: field 'css': #<file site.css> is a file-like object, whose path under /etc/gxsys/files cgit's nginx server does not serve: give the URL of a file it serves (a string)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cgit-service-type
     (cgit-configuration
       (css (plain-file "site.css" "body { color: black; }"))))
                   %base-services)))
