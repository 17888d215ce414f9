;; Shepherd timers (make-timer-constructor) in a shepherd-service: a
;; calendar-event with every keyword (lists quoted, built with list and
;; iota, and #$ of one), one from a Vixie cron string (ranges, steps,
;; names, 7 for Sunday), the command's keywords as make-forkexec-
;; constructor's, every make-timer-constructor keyword, and Guix's
;; shepherd-trigger-action, taken in silence.
(use-modules (gnu))
(use-service-modules shepherd)
(use-package-modules base)

(define %hours (list 3 15))

(operating-system
  (host-name "timers")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "indexer") (group "users") (system? #t))
               %base-user-accounts))
  (services
   (cons (simple-service 'timers shepherd-root-service-type
          (list (shepherd-service
                 (documentation "Index the file names.")
                 (provision '(updatedb))
                 (requirement '(user-processes))
                 (modules '((shepherd service timer)))
                 (start #~(make-timer-constructor
                           (calendar-event #:months '(1 7)
                                           #:days-of-month (list 1 15)
                                           #:days-of-week '(sunday wednesday)
                                           #:hours #$%hours
                                           #:minutes (iota 4 0 15)
                                           #:seconds '(30))
                           (command (list #$(file-append findutils "/bin/updatedb")
                                          (string-append "--prunepaths=" "/tmp"))
                                    #:user "indexer" #:group "users"
                                    #:supplementary-groups '("audio")
                                    #:environment-variables '("LANG=C")
                                    #:directory "/var/tmp")
                           #:wait-for-termination? #t
                           #:log-file "/var/log/updatedb.log"
                           #:max-duration 3600
                           #:occurrences 10
                           #:termination-signal SIGINT))
                 (stop #~(make-timer-destructor))
                 (actions (list shepherd-trigger-action)))
                (shepherd-service
                 (provision '(tidy))
                 (auto-start? #f)
                 (start #~(make-timer-constructor
                           (cron-string->calendar-event "*/20 9-17/4 * Jan-mar,12 mon-fri,7")
                           (command '("/bin/sh" "-c" "find /tmp -mtime +7 -delete"))))
                 (stop #~(make-timer-destructor))
                 (actions (list shepherd-trigger-action)))))
         %base-services)))
