;; Many features at once: procedures, let, map, quasiquote, inherit,
;; modify-services, a custom service type, nginx extensions and upstreams,
;; etc and hosts extensions, package outputs.
(use-modules (gnu) (srfi srfi-1))
(use-service-modules networking ssh web)
(use-package-modules admin web version-control)

(define (system-user name comment)
  (user-account
   (name name)
   (group "daemons")
   (system? #t)
   (comment comment)
   (home-directory (string-append "/var/lib/" name))
   (shell (file-append shadow "/sbin/nologin"))))

(define %people '("ana" "ben"))

(define %base-user
  (user-account (name "template") (group "users") (supplementary-groups '("wheel"))))

(define hello-service-type
  (service-type
   (name 'hello)
   (extensions
    (list (service-extension shepherd-root-service-type
                             (lambda (greeting)
                               (list (shepherd-service
                                      (provision '(hello))
                                      (requirement '(user-processes))
                                      (one-shot? #t)
                                      (start #~(make-forkexec-constructor
                                                (list #$(file-append coreutils "/bin/echo")
                                                      #$greeting)))))))))
   (default-value "hello, world")
   (description "Say hello once.")))

(operating-system
  (host-name "sink.example.org")
  (timezone "America/New_York")
  (locale "fr_FR.utf8")
  (issue "Welcome to the sink.\n")
  (bootloader (bootloader-configuration
               (bootloader grub-efi-bootloader)
               (targets '("/boot/efi"))))
  (kernel-arguments '("quiet"))
  (file-systems %base-file-systems)
  (groups (cons (user-group (name "daemons") (system? #t)) %base-groups))
  (users (append (map (lambda (n) (user-account (inherit %base-user) (name n))) %people)
                 (list (system-user "cache" "Cache daemon"))
                 %base-user-accounts))
  (packages (append (list htop (list git "send-email"))
                    (map specification->package '("curl" "jq"))
                    %base-packages))
  (services
   (cons* (service hello-service-type "bonjour")
          (service nginx-service-type
                   (nginx-configuration
                    (upstream-blocks
                     (list (nginx-upstream-configuration
                            (name "backend")
                            (servers '("127.0.0.1:8080" "127.0.0.1:8081")))))
                    (server-blocks
                     (list (nginx-server-configuration
                            (listen '("80" "[::]:80"))
                            (server-name '(default))
                            (locations
                             (list (nginx-location-configuration
                                    (uri "/")
                                    (body '("proxy_pass http://backend;"))))))))))
          (simple-service 'static-site nginx-service-type
                          (list (nginx-server-configuration
                                 (listen '("8000"))
                                 (root (file-union "site" `(("index.html" ,(plain-file "index.html" "<p>static</p>\n"))))))))
          (simple-service 'cache-daemon shepherd-root-service-type
                          (list (shepherd-service
                                 (provision '(cache))
                                 (requirement '(user-processes loopback))
                                 (start #~(make-forkexec-constructor
                                           (list "/usr/bin/sleep" "infinity")
                                           #:user "cache" #:group "daemons"
                                           #:directory "/var/lib/cache"
                                           #:pid-file "/run/cache.pid"
                                           #:pid-file-timeout 10
                                           #:log-file "/var/log/cache.log"))
                                 (stop #~(make-kill-destructor SIGHUP #:grace-period 3))
                                 (respawn-limit '(3 . 60))
                                 (respawn-delay 0.5))))
          (simple-service 'config etc-service-type
                          `(("cache/cache.conf"
                             ,(mixed-text-file "cache.conf" "bin = " coreutils "/bin\n"))))
          (simple-service 'lan hosts-service-type
                          (list (host "192.0.2.2" "db.lan")
                                (host "2001:db8::2" "db6.lan" '("db6"))))
          (modify-services %base-services
            (delete udev-service-type)
            (guix-service-type config =>
                               (guix-configuration
                                (inherit config)
                                (substitute-urls (cons "https://example.org"
                                                       %default-substitute-urls))
                                (authorized-keys
                                 (append (list (plain-file "key.pub" "(public-key)"))
                                         %default-authorized-guix-keys)))))))
  (sudoers-file (plain-file "sudoers" "root ALL=(ALL) ALL\n%wheel ALL=(ALL) NOPASSWD: ALL\n")))
