/* The OS model: what the evaluator makes of an operating-system declaration
 * (DESIGN.md §1), already expanded by the service types (src/gen/services/)
 * into packages, accounts, /etc files, /var directories and init services.
 * Plain data: everything is allocated in the evaluation's arena.  The system
 * builder reads it and never reaches back into the evaluator. */
#ifndef GX_OS_H
#define GX_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sexp.h"

struct os_group {
	const char *name;
	long gid; /* resolved: explicit, or allocated (system from 999 down, else 1000 up) */
	bool system;
	const char *password; /* NULL: none */
	struct sx_loc loc;
};

struct os_user {
	const char *name;
	long uid;                          /* resolved as for groups */
	const char *group;                 /* primary group name */
	long gid;                          /* resolved primary gid */
	const char **supplementary_groups; /* NULL-terminated */
	const char *comment;
	const char *home;     /* "/home/NAME" by default */
	const char *shell;    /* in-container path, e.g. "/bin/bash" */
	const char *password; /* crypt(3) hash; NULL: locked ("!"); "" empty */
	bool system;
	bool create_home;
	struct sx_loc loc;
};

/* A file under /etc (or any in-container path for service configs). */
struct os_file {
	const char *path;    /* relative to /etc, e.g. "nginx/nginx.conf" */
	const char *content; /* bytes; NULL when source is set */
	size_t len;
	const char *source; /* host path of a local-file, absolute; NULL otherwise */
	unsigned mode;      /* 0644 by default */
	struct sx_loc loc;
};

/* A directory to create under /var or /run at activation. */
struct os_dir {
	const char *path;  /* absolute, in-container */
	const char *owner; /* user name; "root" by default */
	const char *group;
	long uid, gid; /* resolved */
	unsigned mode;
};

struct os_package {
	const char *name; /* catalog name: "nginx", "bash", ... */
	bool base;        /* came from %base-packages: may be skipped if absent */
	struct sx_loc loc;
};

/* One Shepherd service, from a shepherd-service record or a service type. */
struct os_service {
	const char **provision; /* NULL-terminated, at least one */
	const char **requirement;
	const char *documentation;
	const char **argv;        /* forkexec command; NULL for markers/system */
	const char *system_start; /* make-system-constructor command, else NULL */
	const char *system_stop;  /* make-system-destructor command, else NULL */
	const char *user, *group; /* NULL: root */
	long uid, gid;            /* resolved */
	const char **supplementary_groups;
	const char *log_file;
	const char *pid_file;
	const char *directory;
	const char **environment; /* "NAME=value"; NULL: default (PATH only) */
	int stop_signal;          /* make-kill-destructor's signal, SIGTERM default */
	bool respawn;
	bool one_shot;
	bool auto_start;
	struct sx_loc loc;
};

struct os_host {
	const char *address;
	const char **names;
};

struct os_note {
	const char *what; /* "bootloader", "mingetty-service-type", ... */
	const char *why;  /* "ignored in a container", ... */
	struct sx_loc loc;
};

struct os_model {
	const char *source_file;
	const char *host_name;
	const char *timezone; /* "Etc/UTC" default */
	const char *locale;   /* "en_US.utf8" default */
	struct os_user *users;
	size_t n_users;
	struct os_group *groups;
	size_t n_groups;
	struct os_package *packages;
	size_t n_packages;
	struct os_service *services;
	size_t n_services;
	struct os_file *etc_files;
	size_t n_etc_files;
	struct os_dir *dirs;
	size_t n_dirs;
	struct os_host *hosts; /* extra /etc/hosts entries */
	size_t n_hosts;
	struct os_note *ignored; /* fields accepted and ignored */
	size_t n_ignored;
	struct os_note *dropped; /* services dropped in a container */
	size_t n_dropped;
};

#endif
