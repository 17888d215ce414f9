;; Virtual hosts from a table, taken apart as Guix configurations do it:
;; match-lambda of (ice-9 match) over an alist, match-let, receive of
;; (ice-9 receive) and let-values of (srfi srfi-11).  guile-3.0 evaluates
;; the same definitions to the same values.
(use-modules (gnu) (ice-9 match) (ice-9 receive) (srfi srfi-11))
(use-service-modules web ssh)

;; (NAME PORT . ALIASES)
(define %sites
  '(("www.example.org" 80 "example.org")
    ("blog.example.org" 8080)))

(define site->server
  (match-lambda
    ((name port aliases ...)
     (nginx-server-configuration
      (listen (list (number->string port)))
      (server-name (cons name aliases))
      (root (string-append "/srv/" name))))))

(define (admin-and-guests)
  (values "alice" '("bob" "carol")))

(define-values (ssh-port ssh-root-login?) (values 2222 #f))

(operating-system
  (host-name "vhosts")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (receive (admin guests) (admin-and-guests)
           (cons (user-account
                  (name admin)
                  (group "users")
                  (supplementary-groups '("wheel")))
                 (map (lambda (guest)
                        (user-account (name guest) (group "users")))
                      guests))))
  (services
   (cons* (service nginx-service-type
                   (nginx-configuration
                    (server-blocks (map site->server %sites))))
          (match-let (((port . root?) (cons ssh-port ssh-root-login?)))
            (let-values (((password? keys?) (values #f #t)))
              (service openssh-service-type
                       (openssh-configuration
                        (port-number port)
                        (permit-root-login root?)
                        (password-authentication? password?)))))
          %base-services)))
