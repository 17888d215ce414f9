;; error: 5:27: receive: 2 values given, 3 expected
(use-modules (ice-9 receive))
(define (split-address address)
  (values "10.0.0.1" 22))
(receive (host port user) (split-address "10.0.0.1:22")
  (operating-system
    (host-name "m")
    (bootloader (bootloader-configuration (bootloader grub-bootloader)))
    (file-systems %base-file-systems)
    (services (cons (service openssh-service-type
                             (openssh-configuration (port-number port)))
                    %base-services))))
