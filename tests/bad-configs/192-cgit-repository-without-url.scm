;; error: 9:16: repository-cgit-configuration: field 'url': missing (cgit starts a repository at its repo.url line, and takes the lines before it for the previous one)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cgit-service-type
     (cgit-configuration
       (repositories
         (list (repository-cgit-configuration
                 (path "/srv/git/hello.git"))))))
                   %base-services)))
