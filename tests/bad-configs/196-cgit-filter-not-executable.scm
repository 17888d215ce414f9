;; error: 8:8: cgit-configuration: field 'about-filter': #<file about.sh> is not an executable file (a filter is run: use a local-file of an executable file, or a file-append of a package's program)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cgit-service-type
     (cgit-configuration
       (about-filter (plain-file "about.sh" "#!/bin/sh\ncat\n"))))
                   %base-services)))
