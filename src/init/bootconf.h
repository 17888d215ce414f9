/* boot.conf: everything gxsys-init needs to boot a system (DESIGN.md §3),
 * written by the system builder in libconfuse syntax, ids already numeric
 * (the init does no NSS lookups).  The format is documented in
 * docs/boot-conf.md.  Parsed once at start; nothing here changes after. */
#ifndef GX_BOOTCONF_H
#define GX_BOOTCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "err.h"

struct bc_mount {     /* --share / --expose and build-time mappings */
	char *source; /* host path */
	char *target; /* in-container path */
	bool readonly;
};

struct bc_dir { /* /var skeleton, run-time directories */
	char *path;
	uid_t uid;
	gid_t gid;
	unsigned mode;
};

struct bc_home { /* home directories to create from /etc/skel */
	char *user;
	char *path;
	uid_t uid;
	gid_t gid;
};

/* A timer (Shepherd's make-timer-constructor): the service's command runs
 * on every instant of local time that its calendar event allows.  Each
 * field is the set of values allowed, bit N for value N; 0 allows any.
 * When both days_of_month and days_of_week are restricted, a day that
 * matches either one is allowed (as in Vixie cron). */
struct bc_timer {
	uint16_t months;           /* bits 1..12 */
	uint32_t days_of_month;    /* bits 1..31 */
	uint8_t days_of_week;      /* bits 0 (Sunday)..6 (Saturday) */
	uint32_t hours;            /* bits 0..23 */
	uint64_t minutes;          /* bits 0..59 */
	uint64_t seconds;          /* bits 0..59; boot.conf's default: {0} */
	int max_duration;          /* seconds a run may last (then its stop signal); 0: no limit */
	int occurrences;           /* runs before the timer stops itself; 0: no limit */
	bool wait_for_termination; /* no new run while one is running */
};

#define BC_RESPAWN_MAX 1000 /* respawn-limit's COUNT, at most */

/* A service's action besides start, stop and status (Shepherd's actions,
 * `herd NAME SERVICE`): one of the three kinds. */
enum bc_action_kind {
	BC_ACTION_CONFIGURATION, /* print FILE, the service's configuration file */
	BC_ACTION_SIGNAL,        /* send SIGNAL to the service's running process */
	BC_ACTION_COMMAND,       /* run COMMAND (as root, in herd's process) */
};

struct bc_action {
	char *name;
	enum bc_action_kind kind;
	char *file;          /* BC_ACTION_CONFIGURATION */
	int signal;          /* BC_ACTION_SIGNAL */
	char **command;      /* BC_ACTION_COMMAND: argv, absolute argv[0] */
	char *documentation; /* herd doc SERVICE action NAME; NULL: none */
};

/* Whether NAME may name an action: 1 to 32 of [a-z0-9-], and none of
 * herd's own verbs (status, start, stop, ...).  Inline: the generator
 * (and its fuzz build, without the init's objects) checks names too. */
static inline bool bc_action_name_ok(const char *name)
{
	static const char *const verbs[] = {
		"status",  "start",   "stop",  "restart",     "enable",
		"disable", "trigger", "files", "rotate-logs", "doc",
	};
	size_t n = strlen(name);

	if (n == 0 || n > 32 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		return false;
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(name, verbs[i]) == 0)
			return false;
	return true;
}

struct bc_service {
	char *name;          /* first provision */
	char *documentation; /* Shepherd's, for herd doc; NULL: none */
	char **provision;    /* NULL-terminated */
	char **requirement;
	char **command;       /* argv; NULL for a marker service (no process) */
	char **stop_command;  /* argv run to stop a completed one-shot or a marker */
	char **environment;   /* "K=V"; NULL: PATH only */
	char *directory;      /* NULL: "/" */
	char *log_file;       /* NULL: output to the built-in syslog */
	char *pid_file;       /* NULL: the forked process is the service */
	int pid_file_timeout; /* seconds, default 30 */
	uid_t uid;
	gid_t gid;
	gid_t *groups; /* supplementary groups */
	size_t n_groups;
	int stop_signal; /* default SIGTERM */
	/* Shepherd's respawn-limit (COUNT . SECONDS): more than COUNT respawns
	 * within SECONDS disable the service; and respawn-delay.  0: the
	 * supervisor's defaults (5 in 30 s, 100 ms). */
	int respawn_max;
	int respawn_window; /* seconds */
	int respawn_delay_ms;
	bool respawn;
	bool one_shot;
	bool auto_start;
	bool no_new_privs;
	bool private_network;   /* not started when network is true (nft) */
	struct bc_timer *timer; /* NULL: not a timer */
	struct bc_action *actions;
	size_t n_actions;
};

/* log-rotation: what `herd rotate-logs` (the log-rotation timer's
 * command, Shepherd's log-rotation service) rotates: every service's log
 * file, and FILES.  A file is rotated once it holds SIZE_THRESHOLD bytes:
 * renamed FILE.1 (FILE.N before it becomes FILE.N+1, with its
 * compression suffix if any, or is deleted once older than EXPIRY
 * seconds), then compressed by COMPRESS, a filter from stdin to stdout,
 * into FILE.1SUFFIX. */
struct bc_logrot {
	long size_threshold; /* bytes */
	long expiry;         /* seconds; 0: rotated files are never deleted */
	char **files;        /* absolute paths, NULL-terminated */
	char **compress;     /* argv; NULL: rotated files stay as they are */
	char *suffix;        /* COMPRESS's file name suffix (".zst") */
};

struct boot_conf {
	char *system;  /* system item path on the host (for /run/current-system) */
	char *profile; /* profile directory on the host, mounted ro at /usr */
	char *etc;     /* the system's etc directory on the host */
	char *host_name;
	bool network;   /* true: share the host's network namespace */
	bool net_admin; /* keep net_admin in a private network namespace */
	struct bc_mount *mounts;
	size_t n_mounts;
	struct bc_dir *dirs;
	size_t n_dirs;
	struct bc_home *homes;
	size_t n_homes;
	struct bc_service *services;
	size_t n_services;
	struct bc_logrot *log_rotation; /* NULL: none */
};

/* Parse PATH.  On failure returns NULL with *err "PATH:LINE: message".
 * The result is one heap block (its strings and arrays inside): free it
 * with bc_free(), and change nothing in it. */
struct boot_conf *bc_load(const char *path, struct gx_error **err);
void bc_free(struct boot_conf *bc);
/* Free what bc holds and zero it, for a struct the caller owns (the system
 * builder fills one to write boot.conf). */
void bc_clear(struct boot_conf *bc);

#endif
