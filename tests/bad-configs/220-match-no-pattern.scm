;; error: 6:3: no matching pattern for ("ssh" 22)
(use-modules (ice-9 match))
;; (name . port) pairs, one of them written as a list by mistake
(define ports '(("http" . 80) ("ssh" 22)))
(define port-of
  (match-lambda
    ((name . (? number? port)) port)))
(operating-system
  (host-name "m")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service openssh-service-type
                           (openssh-configuration (port-number (apply + (map port-of ports)))))
                  %base-services)))
