;; error: 5:3: invalid host name "my_box": only letters, digits, '-' and '.' are allowed (RFC 1123)
(operating-system
    (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (host-name "my_box"))
