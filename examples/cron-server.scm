;; Scheduled jobs with mcron, after the Guix manual's "Scheduled Job
;; Execution": each job is a gexp that mcron evaluates, written to a job
;; file of its own (see /etc/gxsys/files/mcron-job*).  Two jobs run daily,
;; as the manual's; a simple-service adds two that run every few seconds:
;; one as root that writes a greeting (quotes, a backslash, a newline and
;; non-ASCII letters), one as alice that runs a script (a plain-file)
;; which writes her id to her home (and a line to mcron's log).  What
;; mcron will run next:
;;   GUILE_AUTO_COMPILE=0 mcron --schedule=5 /etc/gxsys/files/mcron-job*
;; Its output, and the jobs', is in /var/log/mcron.log.

(use-modules (gnu))
(use-service-modules mcron)
(use-package-modules base)

(define clean-tmp-job
  ;; At 3AM every day, delete the files of /tmp no one touched for a week.
  ;; The job's action is a Scheme procedure.
  #~(job '(next-hour '(3))
         (lambda ()
           (system* (string-append #$findutils "/bin/find")
                    "/tmp" "-type" "f" "-mtime" "+7" "-delete"))
         "clean /tmp"))

(define midnight-job
  ;; 5 minutes after midnight every day: a shell command, in Vixie cron
  ;; syntax.
  #~(job "5 0 * * *" "date >> /var/log/midnight"))

(define %greeting "Grüße, \"cron\" \\o/\nzweite Zeile — ünïcödé")

(define greeting-job
  ;; Every other second, as root.
  #~(job '(next-second (range 0 60 2))
         (lambda ()
           (call-with-output-file "/var/log/mcron-greeting"
             (lambda (port)
               (set-port-encoding! port "UTF-8")
               (display #$%greeting port))))
         "greeting"))

(define report-script
  (plain-file "report.sh"
              "#!/bin/sh\nid > \"$HOME/cron-report\"\necho \"report: $(id -un) in $PWD\"\n"))

(define report-job
  ;; Every second, as alice, from her home.
  #~(job next-second-from
         (string-append "sh " #$report-script)
         #:user "alice"))

(operating-system
  (host-name "cron-server")
  (timezone "Etc/UTC")
  (locale "en_US.utf8")

  ;; Required by Guix's syntax, ignored in a container.
  (bootloader (bootloader-configuration
                (bootloader grub-bootloader)
                (targets '("does-not-matter"))))
  (file-systems (list (file-system
                        (device "does-not-matter")
                        (mount-point "/")
                        (type "does-not-matter"))))

  (users (cons (user-account
                (name "alice")
                (group "users")
                (supplementary-groups '("wheel")))
               %base-user-accounts))

  (services
   (cons* (service mcron-service-type
                   (mcron-configuration
                    (jobs (list clean-tmp-job midnight-job))))
          (simple-service 'frequent-jobs mcron-service-type
                          (list greeting-job report-job))
          %base-services)))
