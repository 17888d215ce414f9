;; error: 7:29: openssh-configuration: use-pam? #t is not supported: gxsys makes no PAM stack for sshd, which would then refuse every login (without it, logins go through /etc/shadow and the authorized keys)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service openssh-service-type
     (openssh-configuration (use-pam? #t)))
                   %base-services)))
