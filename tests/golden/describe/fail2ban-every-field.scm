;; fail2ban-service-type with every field: the sshd jail of
;; fail2ban-jail-service on openssh-service-type, a jail from a
;; simple-service, and extra jails with every field of
;; fail2ban-jail-configuration and its records: describe's golden.
(use-modules (gnu))
(use-service-modules security ssh)
(use-package-modules admin)
(operating-system
  (host-name "guard")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service (fail2ban-jail-service
                    openssh-service-type
                    (fail2ban-jail-configuration
                     (name "sshd")
                     (log-path '("/var/log/messages"))))
                   (openssh-configuration (password-authentication? #f)))
          (simple-service 'web-jail fail2ban-service-type
                          (list (fail2ban-jail-configuration
                                 (name "nginx-http-auth")
                                 (enabled? #f)
                                 (log-path '("/var/log/nginx/error.log")))))
          (service fail2ban-service-type
           (fail2ban-configuration
            (fail2ban fail2ban)
            (run-in-foreground? #t)
            (jails (list (fail2ban-jail-configuration
                          (name "first")
                          (filter (fail2ban-jail-filter-configuration
                                   (name "sshd")))
                          (log-path '("/var/log/first.log")))))
            (extra-jails
             (list (fail2ban-jail-configuration
                    (name "every-field")
                    (enabled? #t)
                    (backend 'polling)
                    (max-retry 3)
                    (max-matches 5)
                    (find-time "10m")
                    (ban-time "1h")
                    (ban-time-increment? #t)
                    (ban-time-factor "2")
                    (ban-time-formula "ban.Time * (1<<(ban.Count if ban.Count<20 else 20)) * banFactor")
                    (ban-time-multipliers "1 2 4 8 16 32 64")
                    (ban-time-max-time "5w")
                    (ban-time-rnd-time "4m")
                    (ban-time-overall-jails? #f)
                    (ignore-self? #t)
                    (ignore-ip '("127.0.0.1/8" "::1" "192.0.2.7"))
                    (ignore-cache (fail2ban-ignore-cache-configuration
                                   (key "<ip>")
                                   (max-count 100)
                                   (max-time 300)))
                    (filter (fail2ban-jail-filter-configuration
                             (name "sshd")
                             (mode "aggressive")))
                    (log-time-zone "UTC")
                    (log-encoding 'utf-8)
                    (log-path '("/var/log/auth.log" "/var/log/ssh/*.log"))
                    (action (list (fail2ban-jail-action-configuration
                                   (name "iptables-multiport")
                                   (arguments '(("name" . "every")
                                                ("port" "22" "2222")
                                                ("protocol" . "tcp"))))
                                  (fail2ban-jail-action-configuration
                                   (name "iptables-allports"))))
                    (extra-content "port = ssh,2222"))))
            (extra-content "[DEFAULT]\nbantime.maxtime = 1w\n")))
          %base-services)))
