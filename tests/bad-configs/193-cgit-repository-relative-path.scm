;; error: 11:18: repository-cgit-configuration: field 'path': invalid path "git/hello.git" (expected an absolute path without white space, control characters or "." and ".." components)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cgit-service-type
     (cgit-configuration
       (repositories
         (list (repository-cgit-configuration
                 (url "hello")
                 (path "git/hello.git"))))))
                   %base-services)))
