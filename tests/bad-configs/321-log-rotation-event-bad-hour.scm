;; error: 9:74: calendar-event: #:hours: 24 is not an hour (0 to 23)
(use-service-modules admin)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service log-rotation-service-type
                            (log-rotation-configuration
                             (calendar-event #~(calendar-event #:hours '(24)))))
                   (modify-services %base-services
                     (delete log-rotation-service-type)))))
