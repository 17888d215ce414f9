#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# prosody-service-type end to end: a system with Guix's prosody-configuration
# (two virtual hosts, a MUC component) boots; prosody runs as the prosody
# account and wrote its PID file where pidfile says; prosodyctl, run inside
# as root, finds /etc/prosody/prosody.cfg.lua and registers accounts; a
# small XMPP client (Python, raw XMPP over TCP 5222) logs in:
# - on "localhost" (no certificate): no STARTTLS, PLAIN and LOGIN not
#   offered (Guix's insecure-sasl-mechanisms), SCRAM-SHA-1 logs in, binds a
#   resource, the server tells its version, joins a room of the component
#   conference.localhost and gets its own message back; a wrong password
#   is refused;
# - on "secure.test" (ssl key and certificate of its own,
#   c2s-require-encryption? #t): STARTTLS, then PLAIN; refused before TLS;
# - an external component (XEP-0114) on 127.0.0.1:5347 with its secret; a
#   wrong secret refused.
# An opaque-prosody-configuration boots too, its text as it is.
# Root, real namespaces, temporary store; everything cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages prosody python3 openssl

mkdir -p "$T/bin" "$T/certs"
# An external component (XEP-0114): the handshake is the SHA-1 of the
# stream id and the secret; "handshake: ok" when the server accepts it.
cat >"$T/bin/xep114" <<'EOF2'
#!/usr/bin/python3
import hashlib, re, socket, sys
host, secret = sys.argv[1:3]
s = socket.create_connection(("127.0.0.1", 5347), timeout=10)
s.sendall(("<stream:stream xmlns='jabber:component:accept' "
           "xmlns:stream='http://etherx.jabber.org/streams' to='%s'>" % host).encode())
buf = ""
while not re.search(r"<stream:stream[^>]*>", buf):
    buf += s.recv(4096).decode()
sid = re.search(r"\bid=['\"]([^'\"]+)", buf).group(1)
s.sendall(("<handshake>%s</handshake>" % hashlib.sha1((sid + secret).encode()).hexdigest()).encode())
buf = ""
while "<handshake" not in buf and "</stream:stream>" not in buf and "error" not in buf:
    data = s.recv(4096)
    if not data:
        break
    buf += data.decode()
print("handshake: " + ("ok" if re.search(r"<handshake\s*/>|<handshake></handshake>", buf)
                       else "refused"))
EOF2
# The client: connect, [STARTTLS,] SASL PLAIN or SCRAM-SHA-1, bind, ask the
# server's version, [join a room and talk]; "key: value" lines.
cat >"$T/bin/xmpp-login" <<'EOF2'
#!/usr/bin/python3
"""A small XMPP client for container-prosody.sh: connect to 127.0.0.1:5222,
optionally STARTTLS, log in with SASL (PLAIN or SCRAM-SHA-1), bind a
resource, ask the server its version, optionally join a MUC room and talk
in it.  Prints what it sees, one "key: value" line each."""
import base64, hashlib, hmac, os, re, socket, ssl, sys

user, domain, password, mech = sys.argv[1:5]
tls = "--starttls" in sys.argv
room = None
for a in sys.argv[5:]:
    if a.startswith("--room="):
        room = a[len("--room="):]
sock = socket.create_connection(("127.0.0.1", 5222), timeout=10)
buf = ""


def send(s):
    sock.sendall(s.encode())


def wait(pattern):
    global buf
    while True:
        m = re.search(pattern, buf, re.S)
        if m:
            buf = buf[m.end():]
            return m
        data = sock.recv(65536)
        if not data:
            print("closed: " + buf.replace("\n", " ")[:300])
            sys.exit(1)
        buf += data.decode("utf-8", "replace")


def stream():
    send("<?xml version='1.0'?><stream:stream to='%s' xmlns='jabber:client' "
         "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>" % domain)
    return wait(r"<stream:features>(.*?)</stream:features>").group(1)


features = stream()
mechs = re.findall(r"<mechanism>([^<]*)</mechanism>", features)
print("mechanisms: " + " ".join(sorted(mechs)))
print("starttls-offered: " + ("yes" if "<starttls" in features else "no"))
if tls:
    send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
    wait(r"<proceed[^>]*/>")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    sock = ctx.wrap_socket(sock, server_hostname=domain)
    buf = ""
    print("tls: " + sock.version())
    features = stream()
    mechs = re.findall(r"<mechanism>([^<]*)</mechanism>", features)
    print("mechanisms-after-tls: " + " ".join(sorted(mechs)))


def b64(b):
    return base64.b64encode(b).decode()


def auth_plain():
    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>%s</auth>"
         % b64(("\0%s\0%s" % (user, password)).encode()))


def auth_scram():
    nonce = b64(os.urandom(18))
    first = "n=%s,r=%s" % (user, nonce)
    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>%s</auth>"
         % b64(("n,," + first).encode()))
    m = wait(r"<challenge[^>]*>([^<]*)</challenge>|<failure.*?</failure>")
    if m.group(1) is None:
        return
    chal = base64.b64decode(m.group(1)).decode()
    f = dict(kv.split("=", 1) for kv in chal.split(","))
    salted = hashlib.pbkdf2_hmac("sha1", password.encode(), base64.b64decode(f["s"]),
                                 int(f["i"]))
    ckey = hmac.new(salted, b"Client Key", hashlib.sha1).digest()
    final = "c=biws,r=" + f["r"]
    msg = ",".join([first, chal, final])
    sig = hmac.new(hashlib.sha1(ckey).digest(), msg.encode(), hashlib.sha1).digest()
    proof = bytes(a ^ b for a, b in zip(ckey, sig))
    send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%s</response>"
         % b64((final + ",p=" + b64(proof)).encode()))


(auth_plain if mech == "PLAIN" else auth_scram)()
m = wait(r"<success[^>]*(/>|>.*?</success>)|<failure.*?</failure>")
if not m.group(0).startswith("<success"):
    print("auth: failure " + re.sub(r"<[^>]*xmlns[^>]*>|</?failure>", "", m.group(0)))
    sys.exit(2)
print("auth: success")
stream()
send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
     "<resource>test</resource></bind></iq>")
print("jid: " + wait(r"<jid>([^<]*)</jid>").group(1))
send("<iq type='get' id='v1' to='%s'><query xmlns='jabber:iq:version'/></iq>" % domain)
print("server: " + wait(r"<name>([^<]*)</name>").group(1))
if room:
    send("<presence/>")
    send("<presence to='%s/%s'><x xmlns='http://jabber.org/protocol/muc'/></presence>"
         % (room, user))
    m = wait(r"<presence[^>]*from=['\"]%s/%s['\"].*?</presence>" % (re.escape(room), user))
    print("muc-joined: " + ("yes" if "code='110'" in m.group(0) or 'code="110"' in m.group(0)
                            else m.group(0)))
    send("<message to='%s' type='groupchat'><body>hello room</body></message>" % room)
    m = wait(r"<message[^>]*type=['\"]groupchat['\"].*?<body>([^<]*)</body>")
    print("muc-message: " + m.group(1))
send("</stream:stream>")
sock.close()
EOF2
chmod 755 "$T/bin" "$T/bin/xmpp-login" "$T/bin/xep114" "$T/certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=secure.test \
	-keyout "$T/certs/secure.key" -out "$T/certs/secure.crt" >/dev/null 2>&1 ||
	fail "openssl makes a certificate"
chmod 644 "$T/certs/secure.key" "$T/certs/secure.crt"

cat >"$T/p.scm" <<'EOF2'
(use-modules (gnu))
(use-service-modules messaging)
(use-package-modules python)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (cons* python %base-packages))
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (admins '("alice@localhost"))
            (virtualhosts
             (list (virtualhost-configuration (domain "localhost"))
                   (virtualhost-configuration
                    (domain "secure.test")
                    (c2s-require-encryption? #t)
                    (ssl (ssl-configuration
                          (key "/srv/certs/secure.key")
                          (certificate "/srv/certs/secure.crt"))))))
            (int-components
             (list (int-component-configuration
                    (hostname "conference.localhost")
                    (plugin "muc")
                    (mod-muc (mod-muc-configuration
                              (name "Test \"rooms\"")
                              (max-history-messages 5))))))
            (ext-components
             (list (ext-component-configuration
                    (hostname "gateway.localhost")
                    (component-secret "gate secret"))))))
          %base-services)))
EOF2
build "$T/p.scm"
iname pr
inside "$N" '
	herd status prosody | sed -n "2s/^/status: /p"
	# prosody is up once its PID file is written; c2s listens then
	for _ in $(seq 100); do
		grep -q ":1466 00000000:0000 0A" /proc/net/tcp && break
		sleep 0.1
	done
	pid=$(cat /var/run/prosody/prosody.pid)
	ps -o user= -p "$pid" | sed "s/^/user: /"
	stat -c "dir %n %U %a" /var/lib/prosody /etc/prosody/certs /var/run/prosody
	grep -F "name = \"Test \\\"rooms\\\"\";" /etc/prosody/prosody.cfg.lua | sed "s/^/conf: /"
	prosodyctl register alice localhost "alice pass" && echo "registered: alice"
	prosodyctl register bob secure.test s3cret && echo "registered: bob"
	ls /var/lib/prosody/localhost/accounts | sed "s/^/account-file: /"
	L=/srv/bin/xmpp-login
	$L alice localhost "alice pass" SCRAM-SHA-1 --room=lobby@conference.localhost | sed "s/^/alice: /"
	$L alice localhost wrong SCRAM-SHA-1 | sed "s/^/wrong: /"
	$L bob secure.test s3cret PLAIN --starttls | sed "s/^/bob: /"
	$L bob secure.test s3cret PLAIN | sed "s/^/bob-plain: /"
	$L bob secure.test nope PLAIN --starttls | sed "s/^/bob-wrong: /"
	grep -q " 0100007F:14E3 00000000:0000 0A" /proc/net/tcp && echo "component-port: 5347"
	/srv/bin/xep114 gateway.localhost "gate secret" | sed "s/^/gateway: /"
	/srv/bin/xep114 gateway.localhost "not it" | sed "s/^/gateway-wrong: /"
' --expose="$T/bin=/srv/bin" --expose="$T/certs=/srv/certs" || fail "boot or checks failed"
expect_out '^status: .*running' "prosody is running"
expect_out '^user: prosody$' "prosody runs as the prosody account"
expect_out '^dir /var/lib/prosody prosody 750$' "data-path is prosody's, 0750"
expect_out '^dir /etc/prosody/certs prosody 750$' "/etc/prosody/certs is prosody's, 0750"
expect_out '^dir /var/run/prosody prosody 755$' "the PID file's directory is prosody's"
expect_out '^conf: name = "Test \\"rooms\\"";$' "a string with quotes is escaped for Lua"
expect_out '^registered: alice$' "prosodyctl registers an account on localhost"
expect_out '^registered: bob$' "prosodyctl registers an account on secure.test"
expect_out '^account-file: alice.dat$' "the account is stored in data-path"

expect_out '^alice: mechanisms: .*SCRAM-SHA-1' "SCRAM-SHA-1 is offered"
if grep -E '^alice: mechanisms: .*(PLAIN|DIGEST-MD5)' "$T/out" >/dev/null; then
	fail "PLAIN or DIGEST-MD5 offered on an unencrypted connection"
fi
expect_out '^alice: auth: success$' "alice logs in with SCRAM-SHA-1"
expect_out '^alice: jid: alice@localhost/test$' "alice binds a resource"
expect_out '^alice: server: Prosody$' "the server answers a version query"
expect_out '^alice: muc-joined: yes$' "alice joins a room of the MUC component"
expect_out '^alice: muc-message: hello room$' "the room relays alice's message"
expect_out '^wrong: auth: failure.*not-authorized' "a wrong password is refused"
if grep -E '^wrong: auth: success' "$T/out" >/dev/null; then
	fail "a wrong password logs in"
fi
expect_out '^bob: starttls-offered: yes$' "secure.test offers STARTTLS"
expect_out '^bob: tls: TLSv1' "STARTTLS succeeds with the host's own certificate"
expect_out '^bob: mechanisms-after-tls: .*PLAIN' "PLAIN is offered once encrypted"
expect_out '^bob: auth: success$' "bob logs in with PLAIN over TLS"
expect_out '^bob: jid: bob@secure.test/test$' "bob binds a resource"
expect_out '^bob-plain: auth: failure' "c2s-require-encryption? refuses a login without TLS"
expect_out '^bob-wrong: auth: failure.*not-authorized' "a wrong password over TLS is refused"
expect_out '^component-port: 5347$' "prosody listens for components on 127.0.0.1:5347"
expect_out '^gateway: handshake: ok$' "the external component logs in with its secret"
expect_out '^gateway-wrong: handshake: refused$' "a wrong component secret is refused"
check_clean

# opaque-prosody-configuration: its text as it is; no PID file is expected.
cat >"$T/o.scm" <<'EOF2'
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (opaque-prosody-configuration
            (prosody.cfg.lua "-- opaque
log = { { levels = { min = \"info\" }, to = \"file\", filename = \"/var/lib/prosody/log\" } }
VirtualHost \"opaque.test\"
")))
          %base-services)))
EOF2
build "$T/o.scm"
iname op
inside "$N" '
	herd status prosody | sed -n "2s/^/status: /p"
	head -n 1 /etc/prosody/prosody.cfg.lua | sed "s/^/conf: /"
	for _ in $(seq 100); do
		grep -q ":1466 00000000:0000 0A" /proc/net/tcp && break
		sleep 0.1
	done
	grep -q ":1466 00000000:0000 0A" /proc/net/tcp && echo "listening: 5222"
	prosodyctl register carol opaque.test pw && echo "registered: carol"
' || fail "boot or checks failed (opaque)"
expect_out '^status: .*running' "prosody runs with an opaque configuration"
expect_out '^conf: -- opaque$' "the opaque text is the file"
expect_out '^listening: 5222$' "prosody listens on 5222"
expect_out '^registered: carol$' "prosodyctl reads the opaque file"
check_clean

# A file Lua cannot read is a note of the build, located at the record.
cat >"$T/bad.scm" <<'EOF2'
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (raw-content "admins = {\n")))
          %base-services)))
EOF2
build "$T/bad.scm"
grep -F "bad.scm:9:12: note: prosody-configuration: \`/usr/bin/luac5.4 -p /etc/prosody/prosody.cfg.lua\` refuses it in the build container:" \
	"$T/build.err" >/dev/null ||
	fail "a file Lua cannot read is a located note of the build"
echo "ok"
