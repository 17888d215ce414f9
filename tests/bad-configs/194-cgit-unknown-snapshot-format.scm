;; error: 8:8: cgit-configuration: field 'snapshots': invalid snapshot format "rar" (expected "tar", "tar.gz", "tar.bz2", "tar.lz", "tar.xz", "tar.zst", "zip" or "all")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cgit-service-type
     (cgit-configuration
       (snapshots (list "tar.gz" "rar"))))
                   %base-services)))
