/* svc: service types (DESIGN.md §5).  One file per service type (or family),
 * all registered in one table (services.c).  A type turns its value (a
 * configuration record) and the values other services extend it with into
 * packages, accounts, /etc files, directories and init services of the OS
 * model, through the osb_* builder of ev_internal.h. */
#ifndef GX_SERVICES_H
#define GX_SERVICES_H

#include "ev_internal.h"

enum svc_kind {
	SVC_RUN,         /* a service gxsys runs: expand() adds its part of the model */
	SVC_ESSENTIAL,   /* always present, extended by others: etc, hosts, shepherd-root... */
	SVC_MARKER,      /* what gxsys-init does itself: a marker shepherd service */
	SVC_DROPPED,     /* makes no sense in a container: dropped with a note */
	SVC_UNSUPPORTED, /* a Guix service type gxsys cannot run: an error naming it */
};

enum svc_default {
	SVC_NO_DEFAULT, /* (service TYPE) without a value is an error, as in Guix */
	/* An all-defaults record of value_rtd.  With any default, the type is
	 * instantiated with it when a service extends it and none is declared,
	 * as Guix's instantiate-missing-services does. */
	SVC_DEFAULT_RECORD,
	SVC_DEFAULT_NIL,   /* '() */
	SVC_DEFAULT_FALSE, /* #f */
};

/* A value another service extends a type with (simple-service, or a
 * custom service-type's service-extension). */
struct svc_ext {
	struct ev *value;
	const char *origin; /* "simple-service 'name'" */
	struct sx_loc loc;
	struct svc_ext *next;
	const struct svc_def *from; /* the built-in type whose extension it is, or NULL */
};

struct svc_instance {
	const struct svc_def *def;
	struct ev *value;
	struct svc_ext *exts; /* in declaration order */
	struct sx_loc loc;
	bool routed; /* its built-in extensions were given to their targets */
};

/* An extension a built-in type makes of another, as Guix's
 * service-extension: COMPUTE makes its value from the instance's (NULL
 * after a located error).  A target the system lacks is instantiated with
 * its default value, as Guix's instantiate-missing-services does. */
struct svc_extension {
	const char *target; /* "nginx-service-type" */
	struct ev *(*compute)(struct ev_ctx *c, const struct svc_instance *s);
};

struct svc_def {
	const char *name; /* "nginx-service-type" */
	enum svc_kind kind;
	const char *note;      /* DROPPED/UNSUPPORTED: why; MARKER: documentation */
	const char *value_rtd; /* the record type of its value, or NULL */
	enum svc_default dflt;
	const char *provision;   /* MARKER: space-separated provisions */
	const char *requirement; /* MARKER: space-separated requirements */
	bool essential;          /* MARKER: in every system, as Guix's essential services */
	int (*expand)(struct ev_ctx *c, const struct svc_instance *s);
	const struct svc_extension *extensions; /* RUN: ended by a NULL target, or NULL */
};

/* The modules' definitions (one file each). */
extern const struct svc_def svc_openssh;
extern const struct svc_def svc_nginx;
extern const struct svc_def svc_redis;
extern const struct svc_def svc_memcached;
extern const struct svc_def svc_postgresql;
extern const struct svc_def svc_postgresql_role;
extern const struct svc_def svc_node_exporter;
extern const struct svc_def svc_git_daemon;
extern const struct svc_def svc_php_fpm;
extern const struct svc_def svc_fcgiwrap;
extern const struct svc_def svc_dnsmasq;
extern const struct svc_def svc_rsync;
extern const struct svc_def svc_mysql;
extern const struct svc_def svc_dropbear;
extern const struct svc_def svc_tor;
extern const struct svc_def svc_unbound;
extern const struct svc_def svc_httpd;
extern const struct svc_def svc_opensmtpd;
extern const struct svc_def svc_mail_aliases;
extern const struct svc_def svc_cgit;
extern const struct svc_def svc_dbus;
extern const struct svc_def svc_syncthing;
extern const struct svc_def svc_mcron;
extern const struct svc_def svc_log_rotation;
extern const struct svc_def svc_nftables;
extern const struct svc_def svc_iptables;
extern const struct svc_def svc_certbot;
extern const struct svc_def svc_gitolite;
extern const struct svc_def svc_varnish;
extern const struct svc_def svc_inetd;
extern const struct svc_def svc_dovecot;
extern const struct svc_def svc_samba;
extern const struct svc_def svc_radicale;
extern const struct svc_def svc_prosody;
extern const struct svc_def svc_knot;
extern const struct svc_def svc_fail2ban;
extern const struct ev_rtd *const svc_openssh_records[];
extern const struct ev_rtd *const svc_nginx_records[];
/* Bind nginx's procedures (nginx-php-location). */
void svc_nginx_install(struct ev_ctx *c);
extern const struct ev_rtd *const svc_redis_records[];
extern const struct ev_rtd *const svc_memcached_records[];
extern const struct ev_rtd *const svc_postgresql_records[];
extern const struct ev_rtd *const svc_postgresql_role_records[];
extern const struct ev_rtd *const svc_node_exporter_records[];
extern const struct ev_rtd *const svc_git_daemon_records[];
extern const struct ev_rtd *const svc_php_fpm_records[];
extern const struct ev_rtd *const svc_fcgiwrap_records[];
extern const struct ev_rtd *const svc_dnsmasq_records[];
extern const struct ev_rtd *const svc_rsync_records[];
extern const struct ev_rtd *const svc_mysql_records[];
extern const struct ev_rtd *const svc_dropbear_records[];
extern const struct ev_rtd *const svc_tor_records[];
/* Bind tor's procedures (tor-hidden-service). */
void svc_tor_install(struct ev_ctx *c);
extern const struct ev_rtd *const svc_unbound_records[];
extern const struct ev_rtd *const svc_httpd_records[];
/* Bind httpd's positional httpd-virtualhost and %default-httpd-modules. */
void svc_httpd_install(struct ev_ctx *c);
extern const struct ev_rtd *const svc_mail_records[];
/* Bind %default-opensmtpd-config-file. */
void svc_mail_install(struct ev_ctx *c);
extern const struct ev_rtd *const svc_cgit_records[];
/* Bind cgit's values and procedures (%cgit-configuration-nginx...). */
void svc_cgit_install(struct ev_ctx *c);
extern const struct ev_rtd *const svc_dbus_records[];
/* Bind Guix's deprecated dbus-service. */
void svc_dbus_install(struct ev_ctx *c);
extern const struct ev_rtd *const svc_syncthing_records[];
extern const struct ev_rtd *const svc_mcron_records[];
extern const struct ev_rtd *const svc_log_rotation_records[];
extern const struct ev_rtd *const svc_nftables_records[];
/* Bind %default-nftables-ruleset. */
void svc_nftables_install(struct ev_ctx *c);
extern const struct ev_rtd *const svc_iptables_records[];
/* Bind %iptables-accept-all-rules. */
void svc_iptables_install(struct ev_ctx *c);
extern const struct ev_rtd *const svc_certbot_records[];
extern const struct ev_rtd *const svc_gitolite_records[];
extern const struct ev_rtd *const svc_varnish_records[];
extern const struct ev_rtd *const svc_inetd_records[];
extern const struct ev_rtd *const svc_dovecot_records[];
extern const struct ev_rtd *const svc_samba_records[];
extern const struct ev_rtd *const svc_radicale_records[];
/* Bind %default-radicale-config-file (the older Guix's). */
void svc_radicale_install(struct ev_ctx *c);
extern const struct ev_rtd *const svc_prosody_records[];
extern const struct ev_rtd *const svc_knot_records[];
extern const struct ev_rtd *const svc_fail2ban_records[];
/* Bind fail2ban-jail-service. */
void svc_fail2ban_install(struct ev_ctx *c);
/* base.c: Guix's base and essential types, and the dropped ones. */
extern const struct svc_def svc_base_defs[];
extern const size_t svc_n_base_defs;
extern const struct ev_rtd svc_open_rtds[];
extern const size_t svc_n_open_rtds;
struct ev *svc_base_services(struct ev_ctx *c);

/* services.c */
void svc_install(struct ev_ctx *c); /* binds every type, record type, %base-services */
const struct svc_def *svc_find(const char *name);
const struct ev_rtd *svc_find_rtd(const char *name);
struct ev *svc_default_value(struct ev_ctx *c, struct ev_stype *t, struct sx_loc loc);
struct ev *svc_custom_type(struct ev_ctx *c, struct ev *record); /* (service-type ...) */
struct ev_stype *svc_stype(struct ev_ctx *c, const char *name);
/* Expand a list of services into the model (markers first). */
int svc_expand_all(struct ev_ctx *c, struct ev *services, struct sx_loc loc);

/* Helpers for modules. */
const char *svc_join(struct ev_ctx *c, const char **v, const char *sep);
const char **svc_split(struct ev_ctx *c, const char *space_separated);
/* S's value must be a record of its type's value_rtd: else
 * "TYPE: expected ARTICLE RTD, got ...", at the value. */
int svc_check_value(struct ev_ctx *c, const struct svc_instance *s, const char *article);
/* A type no other service may extend: the first extension is
 * "ORIGIN: extending TYPE is not supported by gxsys". */
int svc_refuse_extensions(struct ev_ctx *c, const struct svc_instance *s);
/* Record CFG's FIELD, which must be a package (a string or a file there
 * would be taken for a package's name): it, or NULL after an error at the
 * field, "RECORD: field 'FIELD': expected a package, got ...". */
struct ev *svc_package(struct ev_ctx *c, const struct ev *cfg, const char *field);
/* (plain-file NAME CONTENT) of LEN bytes, mode 0644: a field's default. */
struct ev *svc_plain_file(struct ev_ctx *c, const char *name, const char *content, size_t len,
                          struct sx_loc loc);
/* Where CFG's FIELD was given, or DFLT when it took its default. */
struct sx_loc svc_field_loc(const struct ev *cfg, const char *field, struct sx_loc dflt);
/* FIELD of CFG, a file-like object with contents (plain-file, local-file,
 * mixed-text-file), as its path in the container (written as it is under
 * /etc/gxsys/files/); NULL after an error located at AT. */
const char *svc_file_with_contents(struct ev_ctx *c, const struct ev *cfg, const char *field,
                                   struct sx_loc at);
/* "RECORD: field 'FIELD': expected EXPECTED, got VALUE", at the field (at
 * REC when the field took its default); returns -1. */
int svc_bad_field(struct ev_ctx *c, const struct ev *rec, const char *field, const char *expected);
/* Record CFG's FIELD, a list of strings only (a symbol or a number would
 * fail Guix's string-join or exec), in *OUT (NULL-terminated); else an
 * error at the field. */
int svc_string_list(struct ev_ctx *c, const struct ev *cfg, const char *field, const char ***out);
/* Record CFG's FIELD, a list of service names (symbols without white
 * space or quotes), NONEMPTY when it must hold one, in *OUT
 * (NULL-terminated); else "RTD: field 'FIELD': expected a [non-empty ]list
 * of service names (symbols), got ...", at the field. */
int svc_name_list(struct ev_ctx *c, const struct ev *cfg, const char *field, bool nonempty,
                  const char ***out);
/* Whether S holds white space or another control character (it would not
 * stay one argument, or one token of a configuration line). */
bool svc_has_space(const char *s);
/* Guix's uglify-field-name: NAME without a final '?', each '-' made '_'
 * (in the arena). */
const char *svc_uglify(struct ev_ctx *c, const char *name);
/* The N strings of V, copied into the arena, then NULL. */
const char **svc_strv(struct ev_ctx *c, const char *const *v, size_t n);
/* O's command line: the N strings of ARGV, copied, then NULL (a NULL among
 * them ends it there, as an optional argument left out does). */
void svc_set_argv(struct ev_ctx *c, struct os_service *o, const char *const *argv, size_t n);
/* Add an action to O, as Guix's service has it: KIND
 * BC_ACTION_CONFIGURATION prints FILE (documented as Guix's
 * shepherd-configuration-action: SVC_CONFIGURATION_DOC),
 * BC_ACTION_COMMAND runs ARGV (NULL-terminated, copied), BC_ACTION_SIGNAL
 * sends SIG.  svc_action_doc gives the action added last its
 * documentation (herd doc SERVICE action NAME), a static string. */
#define SVC_CONFIGURATION_DOC "Display the name of this service's configuration file."
void svc_action_doc(struct os_service *o, const char *doc);
void svc_add_action(struct ev_ctx *c, struct os_service *o, const char *name,
                    enum bc_action_kind kind, const char *file, int sig, const char *const *argv);
/* The directory of the absolute PATH (a PID, log or lock file's), made at
 * activation, root's, 0755, unless it is one the system has (/run,
 * /var/run, /var/log, /tmp, /var). */
void svc_parent_dir(struct ev_ctx *c, const char *path);
/* The same, owned by OWNER and GROUP: a directory another service may
 * make too (the first made wins) gets the owner that service gives it. */
void svc_parent_dir_of(struct ev_ctx *c, const char *path, const char *owner, const char *group);
/* Whether S is a TCP port, 1 to 65535, in decimal digits only. */
bool svc_port_ok(const char *s);
/* Whether S is an absolute path other than "/" without "." or ".."
 * components, white space, control characters or any of FORBID: one
 * argument, one value of a configuration line. */
bool svc_path_ok(const char *s, const char *forbid);
/* Record CFG's FIELD: #f (*OUT NULL), or a path svc_path_ok takes (with
 * nothing more forbidden); else an error at the field. */
int svc_path_or_false(struct ev_ctx *c, const struct ev *cfg, const char *field, const char **out);

#endif
