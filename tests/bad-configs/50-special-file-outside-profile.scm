;; error: 9:31: simple-service 'special-file-/usr/bin/python': special file "/usr/bin/python" cannot be made: /usr is the system's read-only profile, where only the target's own path (/usr/bin/python3) can be declared
(use-modules (gnu))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (extra-special-file "/usr/bin/env" (file-append coreutils "/bin/env"))
          (extra-special-file "/usr/bin/python" (file-append python "/bin/python3"))
          %base-services)))
