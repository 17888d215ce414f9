;; Strings that must be escaped in JSON: quotes, backslashes, tabs,
;; control characters, non-ASCII, U+2028.
(operating-system
  (host-name "esc")
  (bootloader #f)
  (file-systems '())
  (issue "quote \" backslash \\ tab \t bell \a e\u0301 \u2028 end\n")
  (users (cons (user-account (name "u") (group "users")
                             (comment "Zoë \"the\" user\\\t"))
               %base-user-accounts))
  (services (list (simple-service 'weird shepherd-root-service-type
                    (list (shepherd-service
                           (documentation "line1\nline2 \x1b[0m")
                           (provision '(weird))
                           (start #~(make-forkexec-constructor
                                     (list "/bin/echo" "$HOME" "`id`" "a b" "\"q\"" "é"))))))
                  (simple-service 'f etc-service-type
                    `(("odd name.txt" ,(plain-file "odd" "\x7f\x01\r\n")))))))
