;; Scheduled jobs with Shepherd timers, after the Guix manual's "Scheduled
;; Job Execution": gxsys-init runs each timer's command on its calendar
;; event, in the system's time zone, as Shepherd does.
;; - tidy-tmp: every night at 3:30, delete the files of /tmp no one touched
;;   for a week (a hand-written shepherd-service, with the trigger action:
;;   `herd trigger tidy-tmp` runs it now);
;; - disk-usage: Guix's shepherd-timer with a Vixie cron string, every
;;   minute, the size of /var/log into the system log;
;; - heartbeat: every other second, as alice, a line in her log file.
;; `herd status` lists them (running, no process); each run's start and
;; end are in /var/log/messages.

(use-modules (gnu))
(use-service-modules shepherd)
(use-package-modules base)

(define tidy-tmp
  (shepherd-service
   (provision '(tidy-tmp))
   (requirement '(user-processes))
   (documentation "Delete the files of /tmp untouched for a week.")
   (modules '((shepherd service timer)))
   (start #~(make-timer-constructor
             (calendar-event #:hours '(3) #:minutes '(30))
             (command (list #$(file-append findutils "/bin/find")
                            "/tmp" "-type" "f" "-mtime" "+7" "-delete"))
             #:wait-for-termination? #t))
   (stop #~(make-timer-destructor))
   (actions (list shepherd-trigger-action))))

(define heartbeat
  (shepherd-service
   (provision '(heartbeat))
   (requirement '(user-processes))
   (modules '((shepherd service timer)))
   (start #~(make-timer-constructor
             (calendar-event #:seconds (iota 30 0 2))
             (command '("/bin/sh" "-c" "echo \"beat $(id -un) $(date +%T)\"")
                      #:user "alice" #:group "users")
             #:log-file "/home/alice/heartbeat.log"))
   (stop #~(make-timer-destructor))))

(operating-system
  (host-name "timekeeper")
  (timezone "Europe/Amsterdam")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account
                (name "alice")
                (group "users")
                (home-directory "/home/alice"))
               %base-user-accounts))
  (services
   (cons (simple-service 'timers shepherd-root-service-type
                         (list tidy-tmp
                               heartbeat
                               (shepherd-timer '(disk-usage) "* * * * *"
                                               #~("/usr/bin/du" "-sh" "/var/log")
                                               #:requirement '(user-processes))))
         %base-services)))
