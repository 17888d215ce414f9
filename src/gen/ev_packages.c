/* ev: package identifiers.  A config names packages by the variables Guix's
 * package modules export (`nginx`, `openssh-sans-x`, `coreutils`...) or by
 * specification (`(specification->package "nginx")`).  Both become a package
 * value naming the Guix package, which is the catalog name: the store's
 * catalog decides later whether the host can provide it.  The table below
 * lists the identifiers gxsys knows (sorted, for bsearch), with the package
 * name where it differs from the identifier; an identifier not listed is an
 * unbound variable (with a suggestion), so typos are caught here.  Add a
 * line to support another identifier. */
#include <stdlib.h>
#include <string.h>

#include "ev_internal.h"

struct pkg_ident {
	const char *id;
	const char *name; /* NULL: same as id */
};

static const struct pkg_ident idents[] = {
	{ "acl", NULL },
	{ "attr", NULL },
	{ "autoconf", NULL },
	{ "automake", NULL },
	{ "bash", NULL },
	{ "bash-minimal", NULL },
	{ "bc", NULL },
	{ "bind", NULL },
	{ "bind-utils", "bind" },
	{ "binutils", NULL },
	{ "bison", NULL },
	{ "bridge-utils", NULL },
	{ "btop", NULL },
	{ "btrfs-progs", NULL },
	{ "busybox", NULL },
	{ "bzip2", NULL },
	{ "ccache", NULL },
	{ "certbot", NULL },
	{ "cgit", NULL },
	{ "chrony", NULL },
	{ "clang", NULL },
	{ "cmake", NULL },
	{ "containerd", NULL },
	{ "coreutils", NULL },
	{ "coreutils-minimal", "coreutils" },
	{ "cowsay", NULL },
	{ "cpio", NULL },
	{ "cronie", NULL },
	{ "cryptsetup", NULL },
	{ "curl", NULL },
	{ "dash", NULL },
	{ "dbus", NULL },
	{ "ddrescue", NULL },
	{ "diffutils", NULL },
	{ "dnsmasq", NULL },
	{ "docker", NULL },
	{ "docker-cli", NULL },
	{ "dosfstools", NULL },
	{ "dovecot", NULL },
	{ "dropbear", NULL },
	{ "e2fsprogs", NULL },
	{ "ed", NULL },
	{ "emacs", NULL },
	{ "emacs-minimal", NULL },
	{ "emacs-no-x", NULL },
	{ "ethtool", NULL },
	{ "eudev", NULL },
	{ "exim", NULL },
	{ "fail2ban", NULL },
	{ "fcgiwrap", NULL },
	{ "fd", NULL },
	{ "figlet", NULL },
	{ "file", NULL },
	{ "findutils", NULL },
	{ "fish", NULL },
	{ "flex", NULL },
	{ "fortune-mod", NULL },
	{ "gawk", NULL },
	{ "gcc", NULL },
	{ "gcc-toolchain", NULL },
	{ "gdb", NULL },
	{ "gettext-minimal", "gettext" },
	{ "git", NULL },
	{ "git-minimal", "git" },
	{ "gitolite", NULL },
	{ "gnu-gettext", "gettext" },
	{ "gnu-make", "make" },
	{ "gnupg", NULL },
	{ "gnutls", NULL },
	{ "go", NULL },
	{ "go-github-com-prometheus-node-exporter", NULL },
	{ "grep", NULL },
	{ "groff", NULL },
	{ "guile-2.2", "guile" },
	{ "guile-3.0", "guile" },
	{ "guile-3.0-latest", "guile" },
	{ "guile-colorized", NULL },
	{ "guile-readline", NULL },
	{ "gzip", NULL },
	{ "haproxy", NULL },
	{ "hello", NULL },
	{ "htop", NULL },
	{ "httpd", NULL },
	{ "inetutils", NULL },
	{ "info-reader", NULL },
	{ "iotop", NULL },
	{ "iproute", "iproute2" },
	{ "iptables", NULL },
	{ "iputils", NULL },
	{ "isc-bind", "bind" },
	{ "isc-dhcp", NULL },
	{ "iw", NULL },
	{ "jq", NULL },
	{ "kbd", NULL },
	{ "kmod", NULL },
	{ "knot", NULL },
	{ "less", NULL },
	{ "libcap", NULL },
	{ "lighttpd", NULL },
	{ "links", NULL },
	{ "logrotate", NULL },
	{ "lsof", NULL },
	{ "ltrace", NULL },
	{ "lvm2", NULL },
	{ "lynx", NULL },
	{ "lz4", NULL },
	{ "lzip", NULL },
	{ "m4", NULL },
	{ "make", NULL },
	{ "man-db", NULL },
	{ "man-pages", NULL },
	{ "mariadb", NULL },
	{ "mcron", NULL },
	{ "memcached", NULL },
	{ "mercurial", NULL },
	{ "mg", NULL },
	{ "mosquitto", NULL },
	{ "mtr", NULL },
	{ "mysql", NULL },
	{ "nano", NULL },
	{ "ncdu", NULL },
	{ "neovim", NULL },
	{ "net-tools", NULL },
	{ "netcat", NULL },
	{ "netcat-openbsd", NULL },
	{ "nftables", NULL },
	{ "nginx", NULL },
	{ "nmap", NULL },
	{ "node", NULL },
	{ "nss", NULL },
	{ "nss-certs", NULL },
	{ "ntp", NULL },
	{ "nvi", NULL },
	{ "openntpd", NULL },
	{ "openresolv", NULL },
	{ "opensmtpd", NULL },
	{ "openssh", NULL },
	{ "openssh-sans-x", "openssh" },
	{ "openssl", NULL },
	{ "openvpn", NULL },
	{ "p7zip", NULL },
	{ "parted", NULL },
	{ "patch", NULL },
	{ "pciutils", NULL },
	{ "perl", NULL },
	{ "php", NULL },
	{ "pinentry", NULL },
	{ "pkg-config", NULL },
	{ "podman", NULL },
	{ "postfix", NULL },
	{ "postgresql", NULL },
	{ "postgresql-14", NULL },
	{ "postgresql-15", NULL },
	{ "postgresql-16", NULL },
	{ "privoxy", NULL },
	{ "procps", NULL },
	{ "prometheus-node-exporter", NULL },
	{ "prosody", NULL },
	{ "psmisc", NULL },
	{ "python", NULL },
	{ "python-3", "python" },
	{ "python-minimal", NULL },
	{ "python-wrapper", NULL },
	{ "radicale", NULL },
	{ "redis", NULL },
	{ "rsync", NULL },
	{ "rsyslog", NULL },
	{ "ruby", NULL },
	{ "rust", NULL },
	{ "samba", NULL },
	{ "screen", NULL },
	{ "sed", NULL },
	{ "shadow", NULL },
	{ "shepherd", NULL },
	{ "sl", NULL },
	{ "smartmontools", NULL },
	{ "socat", NULL },
	{ "sqlite", NULL },
	{ "squid", NULL },
	{ "strace", NULL },
	{ "subversion", NULL },
	{ "sudo", NULL },
	{ "syncthing", NULL },
	{ "sysstat", NULL },
	{ "tar", NULL },
	{ "tcpdump", NULL },
	{ "texinfo", NULL },
	{ "tmux", NULL },
	{ "tor", NULL },
	{ "tree", NULL },
	{ "tzdata", NULL },
	{ "unbound", NULL },
	{ "unzip", NULL },
	{ "usbutils", NULL },
	{ "util-linux", NULL },
	{ "util-linux+udev", "util-linux" },
	{ "varnish", NULL },
	{ "vim", NULL },
	{ "vim-full", NULL },
	{ "w3m", NULL },
	{ "wget", NULL },
	{ "which", NULL },
	{ "wireguard-tools", NULL },
	{ "wireless-tools", NULL },
	{ "xfsprogs", NULL },
	{ "xz", NULL },
	{ "zile", NULL },
	{ "zip", NULL },
	{ "zsh", NULL },
	{ "zstd", NULL },
};

#define N_IDENTS (sizeof(idents) / sizeof(idents[0]))

static int cmp_ident(const void *key, const void *elem)
{
	return strcmp(key, ((const struct pkg_ident *)elem)->id);
}

const char *ev_package_name(const char *identifier)
{
	const struct pkg_ident *p =
	        bsearch(identifier, idents, N_IDENTS, sizeof(idents[0]), cmp_ident);

	if (p == NULL)
		return NULL;
	return p->name ? p->name : p->id;
}

void ev_package_candidates(void (*fn)(void *arg, const char *name), void *arg)
{
	for (size_t i = 0; i < N_IDENTS; i++)
		fn(arg, idents[i].id);
}

struct ev *ev_package(struct ev_ctx *c, const char *name, struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_PACKAGE, loc);

	v->u.pkg.name = name;
	return v;
}

/* %base-packages (gnu/system.scm): what Guix installs in every system.
 * Marked `base`: the builder may skip one the host cannot provide. */
struct ev *ev_base_packages(struct ev_ctx *c)
{
	static const char *const names[] = {
		/* interactive */
		"less",
		"mg",
		"nano",
		"nvi",
		"man-db",
		"info-reader",
		"kbd",
		"sudo",
		"guile-readline",
		"guile-colorized",
		/* linux */
		"pciutils",
		"usbutils",
		"util-linux",
		"kmod",
		"eudev",
		/* networking */
		"inetutils",
		"isc-dhcp",
		"iproute2",
		"wget",
		"nss-certs",
		"iw",
		"wireless-tools",
		/* utils */
		"procps",
		"psmisc",
		"which",
		"shadow",
		"e2fsprogs",
		"guile",
		"bash",
		"coreutils",
		"findutils",
		"grep",
		"sed",
		"diffutils",
		"patch",
		"gawk",
		"tar",
		"gzip",
		"bzip2",
		"lzip",
		"xz",
		"zstd",
	};
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *list = ev_nil(c, none);

	for (size_t i = sizeof(names) / sizeof(names[0]); i-- > 0;) {
		struct ev *p = ev_package(c, names[i], none);

		p->u.pkg.base = true;
		list = ev_cons(c, p, list, none);
	}
	return list;
}
