;; A small SSH server: Dropbear on port 22, keys only (password-authentication?
;; #f), no root login.  Dropbear reads a user's keys from
;; ~/.ssh/authorized_keys only, so a one-shot service, run as alice at boot,
;; installs alice's public key (examples/alice.pub, read with local-file
;; relative to this file) there.  Host keys are made at first boot under
;; /var/lib/gxsys/dropbear.  Replace alice.pub with your own public key to
;; log in.  OpenSSH's ssh is there too, to log in from inside (Dropbear's
;; own client, dbclient, comes with it).

(use-modules (gnu))
(use-service-modules ssh shepherd)
(use-package-modules ssh base)

(define %alice-authorized-key
  (simple-service 'alice-authorized-key shepherd-root-service-type
                  (list (shepherd-service
                         (documentation "Install alice's authorized SSH key.")
                         (provision '(alice-authorized-key))
                         (requirement '(user-homes))
                         (one-shot? #t)
                         (start #~(make-forkexec-constructor
                                   (list #$(file-append coreutils "/bin/install")
                                         "-D" "-m" "600"
                                         #$(local-file "alice.pub")
                                         "/home/alice/.ssh/authorized_keys")
                                   #:user "alice"
                                   #:group "users"))))))

(operating-system
  (host-name "dropbear-box")
  (timezone "Etc/UTC")
  (locale "en_US.utf8")
  (bootloader (bootloader-configuration
                (bootloader grub-bootloader)
                (targets '("/dev/sdX"))))
  (file-systems (cons (file-system
                        (device (file-system-label "root"))
                        (mount-point "/")
                        (type "ext4"))
                      %base-file-systems))

  (packages (cons openssh-sans-x %base-packages))

  (users (cons (user-account
                (name "alice")
                (comment "Alice")
                (group "users")
                (supplementary-groups '("wheel")))
               %base-user-accounts))

  (services
   (cons* (service dropbear-service-type
                   (dropbear-configuration
                    (port-number 22)
                    (root-login? #f)
                    (password-authentication? #f)))
          %alice-authorized-key
          %base-services)))
