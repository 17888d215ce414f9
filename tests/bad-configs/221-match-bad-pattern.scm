;; error: 5:6: bad 'match' pattern (name ... port ...): two ellipses at one level of a list
(use-modules (ice-9 match))
(define (ports-of entries)
  (match entries
    ((name ... port ...) port)))
(operating-system
  (host-name "m")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service openssh-service-type
                           (openssh-configuration (port-number (car (ports-of '(22))))))
                  %base-services)))
