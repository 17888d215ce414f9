;; error: 5:14: this procedure reads the host (environment, files or clock): gxsys configurations are pure and cannot use it
(operating-system
    (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (host-name (getenv "HOSTNAME")))
