;; error: 9:46: special-files-service-type: special file "/opt/bin/env" cannot be made: gxsys makes no special files outside the profile at /usr
(use-modules (gnu))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (modify-services %base-services
     (special-files-service-type files => `(("/opt/bin/env" ,(file-append coreutils "/bin/env"))
                                            ,@files)))))
