;; error: 11:25: rsync-module: field 'comment': invalid value "%HOME%'s files" (expected text on one line, without control characters, leading or trailing spaces, a trailing '\' or a %NAME% reference, which rsync would replace)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service rsync-service-type
     (rsync-configuration
       (modules (list (rsync-module
                        (name "pub")
                        (file-name "/srv/pub")
                        (comment "%HOME%'s files"))))))
                   %base-services)))
