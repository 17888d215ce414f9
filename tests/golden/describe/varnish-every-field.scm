;; varnish-service-type with every field: a default instance (backend),
;; one named with a VCL plain-file, and one with an absolute name (its
;; directory) and a VCL as a file name: describe's golden.
(use-modules (gnu))
(use-service-modules web)
(use-package-modules web)
(operating-system
  (host-name "cachebox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service varnish-service-type)
          (service varnish-service-type
           (varnish-configuration
            (package varnish)
            (name "edge")
            (backend "127.0.0.1:8081")
            (vcl (plain-file "edge.vcl" "vcl 4.1;
backend default { .host = \"127.0.0.1\"; .port = \"8081\"; }
sub vcl_deliver { set resp.http.X-Cache-Node = \"edge\"; }
"))
            (listen '("127.0.0.1:6081" ":6082,PROXY"))
            (storage '("malloc,64m" "second=file,/var/varnish/edge.bin,16m"))
            (parameters '(("default_ttl" . "60") (thread_pools . 2)
                          ("cc_command" . "exec gcc -O2 -fPIC -shared -o %o %s")))
            (extra-options '("-t" "30" "-T" "127.0.0.1:6083"))))
          (service varnish-service-type
           (varnish-configuration
            (name "/srv/cache/api")
            (vcl "/etc/varnish/default.vcl")
            (listen '())
            (storage '())))
          %base-services)))
