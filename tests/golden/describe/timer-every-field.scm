;; Shepherd timers (make-timer-constructor): a calendar-event with every
;; keyword (lists quoted, built with list and iota, #$ of one), a Vixie
;; cron string (ranges, steps, names, 7 for Sunday), the command's keywords
;; as make-forkexec-constructor's, every make-timer-constructor keyword,
;; Guix's shepherd-trigger-action (taken in silence); Guix's shepherd-timer
;; with a cron string and with a gexp of a calendar event.
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
                 (actions (list shepherd-trigger-action)))
                (shepherd-timer '(garbage-collection) "0 3 */3 * *"
                                #~(#$(file-append coreutils "/bin/true") "x")
                                #:requirement '(user-processes))
                (shepherd-timer '(scrub)
                                #~(calendar-event #:days-of-week '(sunday)
                                                  #:hours '(0) #:minutes '(0))
                                #~("/bin/sh" "-c" "echo hi")
                                #:documentation "Scrub weekly.")))
         %base-services)))
