;; error: 9:30: log-rotation-configuration: field 'calendar-event': expected a gexp such as #~(calendar-event #:hours '(22)), got "0 22 * * 0"
(use-service-modules admin)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service log-rotation-service-type
                            (log-rotation-configuration
                             (calendar-event "0 22 * * 0")))
                   (modify-services %base-services
                     (delete log-rotation-service-type)))))
