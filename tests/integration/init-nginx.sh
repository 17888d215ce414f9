#!/bin/sh
# shellcheck disable=SC2016 # single-quoted scripts run inside the container
# The issue's "done when": a hand-written boot.conf for a system with nginx
# boots under the real gxsys-init, nginx (a service running as root that
# drops to www-data) serves a page to curl run inside via `--`, and the
# system shuts down with nothing left on the host.
set -u
TEST_NAME=init-nginx
. "${GXSYS_SRC:-$(pwd)}/tests/integration/init-env.inc"

[ -x /usr/sbin/nginx ] || skip "nginx is not installed (apt-get install nginx-light)"
command -v curl >/dev/null || skip "curl is not installed"

make_profile bash curl nginx seq sleep
printf 'root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n' >"$SYS/etc/passwd"
printf 'root:x:0:\nwww-data:x:33:\n' >"$SYS/etc/group"
mkdir -p "$SYS/etc/nginx" "$T/www"
cat >"$SYS/etc/nginx/nginx.conf" <<'EOF'
user www-data;
daemon off;
pid /run/nginx.pid;
error_log stderr;
events { worker_connections 64; }
http {
    access_log /var/log/nginx/access.log;
    client_body_temp_path /var/lib/nginx/body;
    server {
        listen 127.0.0.1:8080;
        root /srv/www;
    }
}
EOF
echo "hello from gxsys" >"$T/www/index.html"

CONF=$T/boot.conf
cat >"$CONF" <<EOF
system = "$SYS"
profile = "$SYS/profile"
etc = "$SYS/etc"
host-name = "web"
mount { source = "$T/www" target = "/srv/www" }
directory "/var/log/nginx" { uid = 33 gid = 33 mode = 0750 }
directory "/var/lib/nginx" { uid = 33 gid = 33 mode = 0750 }
service "loopback" { }
service "nginx" {
    requirement = { "loopback" }
    command = { "/usr/sbin/nginx", "-c", "/etc/nginx/nginx.conf" }
}
EOF

mkdir -p "$T/sync"
"$B/gxsys-init" --pid-file "$T/pid" --share "$T/sync=/sync" "$CONF" -- /bin/bash -c '
	for i in $(seq 300); do [ -e /sync/go ] && break; sleep 0.1; done
	for i in $(seq 100); do
		curl -sf http://127.0.0.1:8080/ && exit 0
		sleep 0.1
	done
	exit 1' >"$T/out" 2>"$T/err" &
launcher=$!
PIDS="$PIDS $launcher"
wait_file "$T/pid"
ns=$(stat -L -c %i "/proc/$(cat "$T/pid")/ns/pid")
touch "$T/sync/go" # the pid file is read: the command inside may finish
wait "$launcher"
rc=$?
out=$(cat "$T/out")
[ $rc = 0 ] || { cat "$T/err"; fail "curl inside exited $rc"; }
[ "$out" = "hello from gxsys" ] || { cat "$T/err"; fail "got '$out'"; }
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked to the host"
wait_pidns_empty "$ns"
echo ok
