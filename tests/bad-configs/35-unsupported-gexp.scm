;; error: 8:15: gxsys cannot run the start gexp '(lambda ...)': only make-forkexec-constructor, make-timer-constructor, make-system-constructor and (const #t) are supported
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'custom shepherd-root-service-type
     (list (shepherd-service (provision '(app))
       (start #~(lambda _ (system "app &"))))))
                   %base-services)))
