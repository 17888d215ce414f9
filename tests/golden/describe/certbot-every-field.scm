;; certbot-service-type with every field, values a shell must keep as they
;; are (quotes, $, backticks, spaces in the hooks), an extension's
;; certificate and a plain-file hook: describe's golden and
;; describe-service-configs.sh (nginx -t, shellcheck, and the scripts run
;; against a stub certbot that prints its arguments).
(use-modules (gnu))
(use-service-modules certbot web)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service certbot-service-type
           (certbot-configuration
            (webroot "/srv/acme")
            (email "it's-me+$HOME@example.net")
            (server "https://acme.example.net/directory?a=1&b=`x`")
            (rsa-key-size 3072)
            (default-location
             (nginx-location-configuration
              (uri "/")
              (body '("return 308 https://$host$request_uri;"))))
            (certificates
             (list (certificate-configuration
                    (domains '("example.net" "www.example.net"))
                    (csr "/etc/csr/example.der")
                    (deploy-hook "echo \"deployed $RENEWED_LINEAGE\" 'it''s' `date` >>/var/log/deployed"))
                   (certificate-configuration
                    (name "wild")
                    (domains '("*.example.net"))
                    (challenge "dns-01")
                    (authentication-hook "/usr/local/bin/auth --zone 'example.net' \"$CERTBOT_VALIDATION\"")
                    (cleanup-hook (plain-file "cleanup.sh" "echo cleaned up \"$CERTBOT_DOMAIN\"\n"))
                    (start-self-signed? #f))))))
          (simple-service 'more-certificates certbot-service-type
           (list (certificate-configuration
                  (domains '("mail.example.net")))))
          %base-services)))
