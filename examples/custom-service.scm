;; A custom service: a small daemon declared with simple-service and a
;; Shepherd service, run by gxsys-init as its own system user with its own
;; log file.  Also shows an /etc file (etc-service-type) and an extra
;; /etc/hosts entry (hosts-service-type).

(use-modules (gnu))
(use-service-modules shepherd)
(use-package-modules base bash admin)

;; The daemon: a shell loop, given as a file.  In the command below,
;; #$ turns the file into its path inside the container.
(define %ticker-script
  (plain-file "ticker.sh"
              "while true; do echo \"tick $(date -u +%s)\"; sleep 10; done\n"))

(define %ticker-service
  (simple-service 'ticker shepherd-root-service-type
                  (list (shepherd-service
                         (documentation "Print a tick every 10 seconds.")
                         (provision '(ticker))
                         (requirement '(user-processes syslogd))
                         (start #~(make-forkexec-constructor
                                   (list #$(file-append bash "/bin/sh")
                                         #$%ticker-script)
                                   #:user "ticker"
                                   #:group "ticker"
                                   #:log-file "/var/log/ticker.log"
                                   #:environment-variables
                                   (list "TZ=UTC" "LC_ALL=C.UTF-8")))
                         (stop #~(make-kill-destructor))))))

(define %motd
  (plain-file "motd" "Welcome to the ticker container.\n"))

(operating-system
  (host-name "ticker")
  (timezone "Etc/UTC")
  (locale "en_US.utf8")
  (bootloader (bootloader-configuration
                (bootloader grub-bootloader)
                (targets '("/dev/sdX"))))
  (file-systems %base-file-systems)

  (groups (cons (user-group (name "ticker") (system? #t))
                %base-groups))
  (users (cons (user-account
                (name "ticker")
                (group "ticker")
                (system? #t)
                (comment "Ticker daemon")
                (home-directory "/var/empty")
                (create-home-directory? #f)
                (shell (file-append shadow "/sbin/nologin")))
               %base-user-accounts))

  (packages (cons* coreutils procps %base-packages))

  (services
   (cons* %ticker-service
          (simple-service 'motd etc-service-type
                          `(("motd" ,%motd)))
          (simple-service 'extra-hosts hosts-service-type
                          (list (host "192.0.2.10" "ticker.example" '("ticker-alias"))))
          %base-services)))
