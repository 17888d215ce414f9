;; An SSH server: OpenSSH on port 22, keys only, with alice's public key
;; (examples/alice.pub, read with local-file relative to this file)
;; installed as /etc/ssh/authorized_keys.d/alice.  Host keys are made at
;; first boot.  Replace alice.pub with your own public key to log in.

(use-modules (gnu))
(use-service-modules ssh)
(use-package-modules ssh)

(operating-system
  (host-name "sshd-box")
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

  (users (cons (user-account
                (name "alice")
                (comment "Alice")
                (group "users")
                (supplementary-groups '("wheel")))
               %base-user-accounts))

  (services
   (cons (service openssh-service-type
                  (openssh-configuration
                   (openssh openssh-sans-x)
                   (port-number 22)
                   (permit-root-login 'prohibit-password)
                   (password-authentication? #f)
                   (authorized-keys
                    `(("alice" ,(local-file "alice.pub"))))))
         %base-services)))
