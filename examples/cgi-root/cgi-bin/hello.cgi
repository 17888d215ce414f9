#!/bin/sh
# A CGI program, run by fcgiwrap for nginx (examples/cgi-server.scm).
printf 'Content-Type: text/plain\r\n\r\n'
printf 'hello from %s, query %s\n' "$(id -un)" "${QUERY_STRING:-none}"
