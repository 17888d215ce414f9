;; error: 12:18: repository-cgit-configuration: field 'desc': invalid value "Hello\nrepo.url=evil" (cgitrc values are one line: no line breaks or other control characters)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cgit-service-type
     (cgit-configuration
       (repositories
         (list (repository-cgit-configuration
                 (url "hello")
                 (path "/srv/git/hello.git")
                 (desc "Hello\nrepo.url=evil"))))))
                   %base-services)))
