;; error: 9:18: unbound-server: field 'extra-options': invalid value "txt.test. TXT \"hello\"" for 'local-data' (expected #t, #f, an integer, a symbol or a non-empty string without double quotes, backslashes or control characters)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service unbound-service-type
     (unbound-configuration
       (server (unbound-server
                 (extra-options
                   (quote ((local-data . "txt.test. TXT \"hello\""))))))))
                   %base-services)))
