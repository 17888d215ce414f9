/* The OS model: what the evaluator makes of an operating-system declaration
 * (DESIGN.md §1), already expanded by the service types (src/gen/services/)
 * into packages, accounts, /etc files, /var directories and init services.
 * Plain data: everything is allocated in the evaluation's arena.  The system
 * builder reads it and never reaches back into the evaluator.
 *
 * Conventions shared by every field below:
 * - Paths are in-container paths.  Packages are installed in a profile
 *   mounted at /usr, so a package's prefix is "/usr": `#$nginx` is "/usr",
 *   `(file-append openssh "/sbin/sshd")` is "/usr/sbin/sshd".
 * - Every id (uid, gid) is resolved to a number; every name a service or a
 *   directory mentions exists in users/groups (checked by the evaluator).
 * - String vectors (`const char **`) are NULL-terminated; a NULL vector is
 *   the empty vector unless the field says otherwise.
 * - `loc` is where the thing was declared in the config (file:line:col),
 *   for messages; file is NULL for things gxsys added by default.
 * - Arrays are in a deterministic order (the declaration's order, then
 *   what services added, in service order), so equal configs give equal
 *   models. */
#ifndef GX_OS_H
#define GX_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bootconf.h" /* struct bc_timer */
#include "sexp.h"

struct os_group {
	const char *name;
	long gid; /* resolved: explicit, or allocated (system from 999 down, else 1000 up) */
	bool system;
	const char *password; /* NULL: none ("x"... as the builder decides) */
	struct sx_loc loc;
};

struct os_user {
	const char *name;
	long uid;                          /* resolved as for groups */
	const char *group;                 /* primary group name (exists in groups) */
	long gid;                          /* resolved primary gid */
	const char **supplementary_groups; /* names, each exists in groups */
	const char *comment;               /* "" by default */
	const char *home;                  /* "/home/NAME" by default */
	const char *shell;                 /* in-container path, "/bin/bash" by default */
	const char *password;              /* crypt(3) hash; NULL: locked ("!"); "": empty */
	bool system;
	bool create_home; /* create home (from /etc/skel for non-system users) */
	struct sx_loc loc;
};

/* A file under /etc.  Service configuration files (nginx/nginx.conf,
 * ssh/sshd_config, ssh/authorized_keys.d/USER), etc-service-type entries,
 * and file-like objects a service command refers to (lowered to
 * "gxsys/files/NAME", i.e. /etc/gxsys/files/NAME in the container). */
struct os_file {
	const char *path;    /* relative to /etc, e.g. "nginx/nginx.conf"; no "..", no leading / */
	const char *content; /* bytes, always set (local-files are read at evaluation) */
	size_t len;
	const char *source; /* host path a local-file was read from (absolute), else NULL */
	unsigned mode;      /* 0644 by default; 0755 for executable local-files; 0440 sudoers */
	struct sx_loc loc;
	bool fallback; /* only where no package has the file (nginx's mime.types) */
};

/* A directory to create at activation (under /var, /run, /srv...), with
 * its parents (root-owned, 0755) when missing. */
struct os_dir {
	const char *path;   /* absolute, in-container */
	const char *owner;  /* user name; "root" by default */
	const char *group;  /* group name; "root" by default */
	long uid, gid;      /* resolved */
	unsigned mode;      /* 0755 by default */
	const char *origin; /* the service type that made it, or NULL */
	struct sx_loc loc;  /* its service's declaration */
};

/* A program a service type runs at build time on what the declaration
 * gave it as it is (a configuration file), in the build container: the
 * system's /usr and /etc, a loopback interface, nothing else.  It may
 * refuse what the container would have (a host interface, a file made at
 * run time), so its refusal is a note, not an error. */
struct os_check {
	const char **argv; /* absolute path inside, then the arguments; NULL-terminated */
	const char *what;  /* what it checks: "opensmtpd-configuration: field 'config-file'" */
	struct sx_loc loc; /* where the declaration gives it */
	/* NULL, or what the tool says (on a line with error_mark) when the
	 * build container does not let it finish (nft -c: "Operation not
	 * permitted", it has no CAP_NET_ADMIN): a failure whose every
	 * error_mark line says it is no refusal (it found nothing before). */
	const char *error_mark, *cannot_finish;
};

struct os_package {
	const char *name;   /* catalog name (Guix package name): "nginx", "bash", ... */
	const char *output; /* Guix output: NULL for "out", else e.g. "utils" */
	bool base;          /* came from %base-packages: may be skipped if absent */
	struct sx_loc loc;
};

/* One Shepherd service, from a shepherd-service record or a service type.
 * A service with neither argv nor system_start is a *marker*: it starts
 * nothing and is "running" once its requirements are (loopback, host-name,
 * user-homes, user-processes, syslogd, file-systems are markers for what
 * gxsys-init does itself).  The graph is validated: every requirement is
 * provided by exactly one service, provisions are unique, no cycle. */
struct os_service {
	const char **provision; /* at least one; provision[0] is the service's name */
	const char **requirement;
	const char *documentation; /* NULL when none */
	const char *origin;        /* what made it: "nginx-service-type", "simple-service 'x'",
	                              "base", "shepherd-service" */
	const char **argv;         /* make-forkexec-constructor command, or a timer's
	                              (command ...) line; NULL otherwise */
	/* make-timer-constructor's calendar event and limits, as boot.conf has
	 * them (a timer's runs: docs/boot-conf.md); NULL otherwise */
	struct bc_timer *timer;
	const char *timer_cron;   /* its cron-string->calendar-event string, or NULL */
	const char *system_start; /* make-system-constructor: a /bin/sh -c command */
	const char *system_stop;  /* make-system-destructor: a /bin/sh -c command */
	const char **stop_argv;   /* a service type's stop command (nftables' flush) */
	const char *user, *group; /* NULL: root */
	long uid, gid;            /* resolved (0 for root) */
	/* #:user/#:group given as a number, as Shepherd takes them: the number is
	 * in uid/gid until the evaluator resolves it to the declared account's
	 * name (user/group), which must exist. */
	bool uid_given, gid_given;
	const char **supplementary_groups;
	const char *log_file;     /* NULL: output to the built-in syslog */
	const char *pid_file;     /* NULL: the forked process is the service */
	int pid_file_timeout;     /* seconds, 30 (Guix's default) */
	const char *directory;    /* NULL: "/" for root, else the user's home */
	const char **environment; /* "NAME=value"; NULL: default (PATH only) */
	int stop_signal;          /* make-kill-destructor's signal, SIGTERM default */
	int respawn_max;          /* respawn-limit (COUNT . SECONDS); 0: gxsys-init's */
	int respawn_window;       /* default, more than 5 in 30 s */
	int respawn_delay_ms;     /* respawn-delay; 0: gxsys-init's default, 0.1 s */
	bool respawn;             /* respawn? (#t by default) */
	bool one_shot;
	bool auto_start;
	/* It acts on its network namespace (nft): gxsys-init starts it only in
	 * a container with a network of its own, never on the host's (-N). */
	bool private_network;
	/* Shepherd's actions gxsys-init serves (`herd NAME SERVICE`): a
	 * configuration file's name, a signal, or a command (arena strings). */
	struct bc_action *actions;
	size_t n_actions;
	struct sx_loc loc;
};

struct os_host { /* an /etc/hosts line from hosts-service-type */
	const char *address;
	const char **names; /* canonical name first, then aliases */
};

/* A locale-definition the declaration adds to Guix's defaults (or lists
 * instead of them), or the default that its `locale` names: gxsys compiles
 * these (system_locale.c), not every default as Guix does. */
struct os_locale_def {
	const char *name;    /* "fy_NL.utf8": the directory under /usr/lib/locale */
	const char *source;  /* "fy_NL": localedef's input */
	const char *charset; /* "UTF-8" */
	struct sx_loc loc;
};

struct os_note {
	const char *what; /* "bootloader", "mingetty-service-type", ... */
	const char *why;  /* "ignored in a container", ... */
	struct sx_loc loc;
};

struct os_model {
	const char *source_file;           /* the config file as given */
	const char *host_name;             /* valid RFC 1123 host name */
	const char *timezone;              /* "Etc/UTC" default */
	struct sx_loc timezone_loc;        /* where the declaration sets it, or none */
	struct sx_loc locale_loc;          /* likewise */
	const char *locale;                /* "en_US.utf8" default */
	struct os_locale_def *locale_defs; /* unique by name */
	size_t n_locale_defs;
	const char *issue;     /* /etc/issue content; Guix's default */
	struct os_user *users; /* root first when gxsys added it */
	size_t n_users;
	struct os_group *groups;
	size_t n_groups;
	struct os_package *packages; /* unique by (name, output) */
	size_t n_packages;
	struct os_service *services; /* markers first, then in declaration order */
	size_t n_services;
	struct os_file *etc_files; /* unique by path */
	size_t n_etc_files;
	struct os_dir *dirs;
	size_t n_dirs;
	struct os_host *hosts; /* extra /etc/hosts entries (localhost lines are implied) */
	size_t n_hosts;
	const char *hosts_file; /* the deprecated hosts-file field's content: /etc/hosts
	                         * as it is, instead of the generated one; or NULL */
	size_t hosts_file_len;
	const char **session_env; /* "NAME=value" /etc/environment lines from
	                           * session-environment-service-type, names unique */
	size_t n_session_env;
	struct os_note *ignored; /* fields accepted and ignored */
	size_t n_ignored;
	struct os_note *dropped; /* services dropped in a container */
	size_t n_dropped;
	struct os_check *checks; /* run when the system is built (system.c) */
	size_t n_checks;
	/* A service needs CAP_NET_ADMIN in the container's own network
	 * namespace (nftables-service-type): boot.conf's net-admin. */
	bool net_admin;
	/* log-rotation-service-type: boot.conf's log-rotation section (in the
	 * arena); NULL: the system has no log rotation */
	const struct bc_logrot *log_rotation;
};

#endif
