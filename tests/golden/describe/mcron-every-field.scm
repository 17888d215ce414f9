;; mcron-service-type with every mcron-configuration field (log?, log-format
;; and date-format are accepted and unused: Debian's mcron 1.0.8 has no
;; --log), jobs in Guix's three forms (Vixie syntax, a time list, a
;; procedure with #:user), values of #$ of every kind (a string with
;; escapes, a file-append, a mixed-text-file, a package, a list spliced with
;; #$@, a gexp), and a simple-service whose jobs are appended.
(use-modules (gnu))
(use-service-modules mcron)
(use-package-modules base admin)

(define %motd (mixed-text-file "motd" "Hello from " coreutils "\n"))

(define %body #~(display "tab\there"))

(operating-system
  (host-name "cron")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "charlie") (group "users"))
               %base-user-accounts))
  (services
   (cons* (service mcron-service-type
                   (mcron-configuration
                    (mcron mcron)
                    (jobs (list #~(job "5 0 * * *" "guix gc -F 1G")
                                #~(job '(next-minute-from (next-hour '(12 19)) '(15))
                                       (string-append #$findutils "/bin/find src")
                                       #:user "charlie")
                                #~(job next-hour-from
                                       (lambda ()
                                         #$%body
                                         (system* #$(file-append coreutils "/bin/cat")
                                                  #$%motd #$@(list "-A" "\"q\"\\"))))))
                    (log? #f)
                    (log-file "/var/log/cron/mcron.log")
                    (log-format "~a~%")
                    (date-format "%F %T")
                    (home-service? #f)))
          (simple-service 'more-jobs mcron-service-type
                          (list #~(job "0 * * * *" #$shadow)))
          %base-services)))
