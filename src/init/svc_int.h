/* The supervisor's internals, shared by svc*.c, control.c and syslog.c (not
 * by the rest of gxsys-init: see svc.h for the interface).
 *
 * Pure parts (graph, state table, respawn limit, formatting, parsing) are
 * separate from the effectful loop so the unit tests can drive them. */
#ifndef GX_SVC_INT_H
#define GX_SVC_INT_H

#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "bootconf.h"
#include "err.h"

/* Shepherd's numbers (reference/guix.md §8). */
#define SVC_RESPAWN_MAX 5           /* more than 5 respawns ... */
#define SVC_RESPAWN_WINDOW_MS 30000 /* ... in 30 s disables the service */
#define SVC_RESPAWN_DELAY_MS 100    /* respawn delay 0.1 s */
#define SVC_STOP_GRACE_MS 5000      /* stop signal -> SIGKILL */
#define SVC_SHUTDOWN_GRACE_MS 4000  /* SIGTERM to all -> SIGKILL */
#define SVC_PID_FILE_POLL_MS 100    /* a PID file whose directory cannot be watched */
#define SVC_PID_FILE_WATCH_MS 1000  /* one whose directory is watched (a safety net) */
#define SVC_FOREIGN_POLL_MS 1000    /* liveness of a PID-file daemon not our child */
#define SVC_TIMER_RECHECK_MS 60000  /* a timer's wait, at most: the wall clock is read again */
#define SVC_TIMER_CLOCK_BACK_S 3600 /* set back by more, a timer's calendar starts again */
#define SVC_WSTATUS_NO_INSTANT (-3) /* last_wstatus: a timer whose calendar never occurs */
#define SVC_CODE_RELEASE_MS 100     /* settled and quiet this long: code pages unmapped */
#define SVC_WSTATUS_REFUSED (-2)    /* last_wstatus: a start refused (private-network) */
#define SVC_DEFAULT_PATH "PATH=/run/current-system/profile/bin:/usr/bin:/usr/sbin:/bin:/sbin"
#define SVC_SYSLOG_SOCKET "/dev/log"
#define SVC_SYSLOG_FILE "/var/log/messages"
#define SVC_LINE_MAX 256 /* a service output line; longer ones are split */

/* ---- graph (svc_graph.c) ---------------------------------------------- */

struct svc_node {
	size_t *req; /* indices of the services this one requires */
	size_t n_req;
	size_t *dep; /* indices of the services requiring this one */
	size_t n_dep;
};

struct svc_graph {
	size_t n;
	struct svc_node *node;
	size_t *order; /* topological: every service after its requirements */
	size_t *edges; /* the nodes' req and dep arrays (all in node's block) */
};

/* Index of the service providing NAME, or -1. */
ssize_t svc_graph_find(const struct bc_service *s, size_t n, const char *name);
/* Resolve requirements, reject duplicate provisions, missing requirements
 * and cycles (one message naming the services).  "root" is always provided
 * (the supervisor itself), and so is "syslogd" unless a service provides it
 * (the built-in syslog). */
int svc_graph_build(struct svc_graph *g, const struct bc_service *s, size_t n,
                    struct gx_error **err);
void svc_graph_free(struct svc_graph *g);

/* ---- state machine (svc_state.c) -------------------------------------- */

enum svc_state {
	SVC_STOPPED,
	SVC_WAITING,      /* start requested, requirements not up yet */
	SVC_STARTING,     /* forked: waiting for the PID file or the one-shot's exit */
	SVC_RUNNING,      /* up (a marker service is up without a process) */
	SVC_DONE,         /* one-shot completed successfully */
	SVC_STOPPING,     /* stop signal sent, or stop command run; grace deadline pending */
	SVC_RESPAWN_WAIT, /* died; respawning after the delay */
	SVC_FAILED,
	SVC_DISABLED, /* respawn limit hit (and struct svc's disabled set) */
	SVC_N_STATES
};

enum svc_event {
	SVC_EV_START,
	SVC_EV_STOP,
	SVC_EV_DEPS_UP,
	SVC_EV_DEPS_FAILED,
	SVC_EV_READY,        /* spawned (no PID file), or PID file read */
	SVC_EV_EXIT_OK,      /* tracked process exited 0 (one-shot done, or stopped) */
	SVC_EV_EXIT_FAIL,    /* exited non-zero or killed */
	SVC_EV_DIED,         /* a running service exited, no respawn */
	SVC_EV_DIED_RESPAWN, /* ... to be respawned */
	SVC_EV_DIED_LIMIT,   /* ... respawn limit hit */
	SVC_EV_TIMEOUT,      /* the state's deadline passed */
	SVC_EV_NO_UNDO,      /* a completed one-shot has no stop command: stopped at once */
	SVC_EV_ENABLE,       /* herd enable: a service the respawn limit disabled is stopped */
	SVC_N_EVENTS,
	SVC_EV_NONE = SVC_N_EVENTS
};

enum svc_action {
	SVC_A_IGNORE, /* event ignored in this state: no transition */
	SVC_A_NONE,
	SVC_A_WANT,         /* reset respawn count, start the requirements */
	SVC_A_SPAWN,        /* fork and exec */
	SVC_A_UP,           /* log "started" */
	SVC_A_DONE,         /* one-shot finished */
	SVC_A_FAIL,         /* log the failure */
	SVC_A_DEPFAIL,      /* log the failed requirement */
	SVC_A_PIDFILE_LATE, /* PID file timeout: SIGTERM the group, log */
	SVC_A_TERM,         /* stop signal to the process group, grace deadline */
	SVC_A_KILL,         /* SIGKILL to the process group */
	SVC_A_UNDO,         /* a completed one-shot's stop command, grace deadline */
	SVC_A_STOPPED,      /* log "stopped" */
	SVC_A_EXITED,       /* log "exited, not respawned" */
	SVC_A_RESPAWN,      /* record the respawn, deadline after the delay */
	SVC_A_DISABLE,      /* log "disabled" */
	SVC_N_ACTIONS
};

struct svc_transition {
	unsigned char next;   /* enum svc_state */
	unsigned char action; /* enum svc_action */
};

/* The transition for EVENT in STATE (action SVC_A_IGNORE: none). */
struct svc_transition svc_transition(enum svc_state state, enum svc_event event);
const char *svc_state_name(enum svc_state state);
const char *svc_event_name(enum svc_event event);
/* Up: RUNNING or DONE.  Active: has or will have a process to stop. */
bool svc_state_up(enum svc_state state);
bool svc_state_active(enum svc_state state);

/* The last MAX respawn times (ms, monotonic), a ring of MAX. */
struct svc_respawns {
	int64_t *at;
	unsigned max;      /* more than MAX respawns ... */
	int64_t window_ms; /* ... within this disable the service */
	unsigned n;        /* respawns since the last explicit start */
};
/* False when more than MAX respawns were recorded and the last MAX all
 * fall within WINDOW_MS before NOW. */
bool svc_respawn_allowed(const struct svc_respawns *r, int64_t now);
void svc_respawn_record(struct svc_respawns *r, int64_t now);

/* The event for the tracked process of service C exiting with WSTATUS in
 * STATE; LAUNCHER: it is the forked process of a PID-file service (whose
 * clean exit means it daemonized).  SVC_EV_NONE: nothing to do. */
enum svc_event svc_exit_event(enum svc_state state, const struct bc_service *c, bool launcher,
                              int wstatus, const struct svc_respawns *r, int64_t now);

/* The PID a PID file's TEXT names: a decimal number above 1, with blanks
 * (spaces, tabs, CR, LF) on either side, as Shepherd's read-pid-file trims
 * them.  False for anything else. */
bool svc_pid_parse(const char *text, pid_t *pid);

/* One line of `herd status` into BUF (NUL-terminated, truncated to SIZE);
 * returns its length.  svc_format_status_header() is the column header. */
size_t svc_format_status(char *buf, size_t size, const char *name, enum svc_state state, pid_t pid,
                         unsigned respawns);
size_t svc_format_status_header(char *buf, size_t size);
/* A running timer's line (LEN bytes in BUF, ending in a newline) with its
 * next run, " next YYYY-MM-DD HH:MM:SS" in local time, before the newline;
 * the new length (LEN if there is no room). */
size_t svc_format_status_next(char *buf, size_t size, size_t len, time_t next);
/* The same with " disabled": a service herd disable disabled (not one in
 * the disabled state, which says so already). */
size_t svc_format_status_disabled(char *buf, size_t size, size_t len);

/* Exit status of a COMMAND from its wait status: code, or 128+N. */
int svc_wait_status_code(int wstatus);

/* ---- the supervisor (svc.c) ------------------------------------------- */

struct svc {
	const struct bc_service *conf;
	const struct svc_node *node;
	enum svc_state state;
	pid_t pid;        /* tracked process, 0 if none */
	bool launcher;    /* pid is the forked launcher of a PID-file service */
	pid_t log_pid;    /* last process started or read: tags its output */
	bool foreign;     /* pid (from a PID file) is not our child: polled */
	pid_t pgid;       /* its process group (the launcher's setsid), while starting or up */
	bool killed;      /* SIGKILL sent in this stop */
	bool undoing;     /* pid is the stop command (SVC_A_UNDO) */
	bool want_stop;   /* stop once no dependent is active */
	bool restart;     /* start again once stopped */
	unsigned stops;   /* times it came to a stop: a stop request is answered even
	                     when a start then undid it */
	bool mark;        /* scratch of svc_request_stop */
	int64_t deadline; /* ms, monotonic; 0: none */
	bool pid_watched; /* the PID file's directory is in svc_sup.pid_watch */
	struct svc_respawns respawns;
	int out[2]; /* output pipe, read into the syslog or log_fd */
	int log_fd; /* its log file (conf->log_file), reopened at each spawn; -1 */
	char *line; /* SVC_LINE_MAX bytes of pending output */
	size_t line_len;
	bool cut; /* the last line was cut at SVC_LINE_MAX: a newline next ends it */
	char *const *envp;
	/* a timer (conf->timer): its next run, as a poll deadline (0: none)
	 * and as a wall-clock instant; runs since its start, runs going on;
	 * held: the run due waits for the one going on (wait-for-termination) */
	int64_t timer_at;
	time_t timer_next;
	time_t timer_from; /* the instant timer_next was computed after */
	unsigned timer_runs;
	unsigned timer_running;
	bool timer_held;
	/* Shepherd's enabled? #f: set by herd disable and by the respawn
	 * limit, cleared by herd enable.  A disabled service is neither
	 * started (herd start, a dependent's start) nor respawned; one that
	 * runs goes on running. */
	bool disabled;
};

/* A timer's run in progress (svc_timer.c). */
struct svc_run {
	pid_t pid;
	size_t svc;
	int64_t kill_at; /* max-duration, then the stop grace; 0: none */
	bool termed;     /* its stop signal was sent */
	bool killed;     /* SIGKILL was sent */
};

enum svc_phase {
	SVC_PH_RUN,
	SVC_PH_STOP_SERVICES, /* stopping services in reverse dependency order */
	SVC_PH_TERM_ALL,      /* SIGTERM sent to every process, grace running */
	SVC_PH_KILL_ALL,      /* SIGKILL sent, waiting for the last ones */
	SVC_PH_DONE
};

/* Clients served at once: more wait in the backlog, or take the slot of
 * one that has been silent for a second; a pending start holds one. */
#define SVC_CTL_CLIENTS 16
#define SVC_CTL_REQ_MAX 128

enum svc_ctl_op {
	SVC_OP_NONE,
	SVC_OP_STATUS,
	SVC_OP_START,
	SVC_OP_STOP,
	SVC_OP_RESTART,
	SVC_OP_TRIGGER,
	SVC_OP_SCHEDULE,
	SVC_OP_FILES,
	SVC_OP_ROTATE_LOGS,
	SVC_OP_ENABLE,
	SVC_OP_DISABLE,
	SVC_OP_DOC,   /* its ARG: "SERVICE", "SERVICE list-actions" or "SERVICE action NAME" */
	SVC_OP_ACTION /* another verb: the service's action of that name */
};

struct svc_client {
	int fd;
	int64_t deadline; /* to receive the request, or to take the next status line */
	enum svc_ctl_op op;
	bool refused;   /* not root: answered once its request is read */
	size_t target;  /* service index */
	unsigned stops; /* the target's stops when a stop was requested */
	size_t len;
	char req[SVC_CTL_REQ_MAX]; /* the request; then the status line being sent */
	size_t sent;               /* of the line in req, while a status is sent */
	size_t next, end;          /* the services whose status lines are still to send */
};

/* /var/log/messages is rotated once it holds this much (to messages.1,
 * replacing the one before): the root tmpfs is memory, and service output
 * goes there too. */
#define SVC_SYSLOG_ROTATE (2L * 1024 * 1024)

struct svc_syslog {
	int sock; /* /dev/log, datagram; -1 if unavailable */
	int file; /* /var/log/messages, O_APPEND; -1 if unavailable */
	char host[65];
	char path[64];   /* the file's, for its rotation */
	off_t size;      /* what it holds, as far as we wrote it */
	off_t rotate_at; /* SVC_SYSLOG_ROTATE (less in the tests) */
};

struct svc_sup {
	const struct boot_conf *bc;
	struct svc_graph graph;
	struct svc *svc;
	size_t n;
	int sigfd;
	int nullfd;
	int pid_watch; /* inotify, while a service waits for its PID file; or -1 */
	bool pid1;     /* PID 1 of a PID namespace: kill(-1) reaches only our processes */
	struct svc_syslog log;
	int ctl_listen;
	int64_t ctl_accept_pause; /* no accept before (out of descriptors) */
	struct svc_client client[SVC_CTL_CLIENTS];
	enum svc_phase phase;
	int64_t phase_deadline;
	int shutdown_signal; /* what began the shutdown; 0: halt or COMMAND */
	char *const *command;
	pid_t command_pid;
	bool command_started, command_done;
	bool command_tty; /* COMMAND got the terminal: give it back to us after */
	int command_status;
	bool no_children;
	bool memory_dirty;       /* setup or a spawn since the last settle_memory() */
	int64_t code_release_at; /* when settle_memory() unmaps the code; 0: done */
	int last_wstatus;        /* of the exit being dispatched, for messages */
	struct pollfd *pfd;
	size_t n_pfd;
	struct svc_run *runs; /* the timers' runs in progress */
	size_t n_runs, cap_runs;
};

/* Set up SUP for BC's services: the graph and the service records, no
 * file descriptors or processes yet (svc_run adds those). */
int svc_sup_init(struct svc_sup *sup, const struct boot_conf *bc, char *const *command,
                 struct gx_error **err);
void svc_sup_free(struct svc_sup *sup);
/* One scheduling pass: ordered stops, starts whose requirements are up,
 * the COMMAND once all is settled, the shutdown phases. */
void svc_schedule(struct svc_sup *sup);
/* Process PID exited with WSTATUS (from waitpid). */
void svc_child_exited(struct svc_sup *sup, pid_t pid, int wstatus);
/* Feed SVC_EV_TIMEOUT to the services whose deadline is at or before NOW. */
void svc_check_deadlines(struct svc_sup *sup, int64_t now);
/* Feed EVENT to service I (and whatever events its actions raise). */
void svc_dispatch(struct svc_sup *sup, size_t i, enum svc_event event);
/* Request a start (with the requirements), a stop (with the dependents),
 * a restart, or the shutdown of everything. */
void svc_request_start(struct svc_sup *sup, size_t i);
void svc_request_stop(struct svc_sup *sup, size_t i, bool restart);
/* herd enable (ENABLE) or herd disable of service I. */
void svc_set_enabled(struct svc_sup *sup, size_t i, bool enable);
void svc_begin_shutdown(struct svc_sup *sup, int signo);
/* Log a supervisor message: stderr and the system log; svc_vlog, the
 * system log only unless CONSOLE (a timer's runs: not on the console). */
void svc_log(struct svc_sup *sup, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void svc_vlog(struct svc_sup *sup, bool console, const char *fmt, va_list ap)
        __attribute__((format(printf, 3, 0)));
/* What a wait status (or a SVC_WSTATUS_* of a start that ran nothing)
 * says: "exit status 3", "killed by signal 9", ... */
void svc_describe_status(char *buf, size_t size, int wstatus);
/* Log that service C's log file could not be opened (LOG_ERRNO) for a
 * spawn; WHAT: "" or " for its stop command". */
void svc_log_file_error(struct svc_sup *sup, const struct bc_service *c, int log_errno,
                        const char *what);

/* ---- timers (svc_timer.c) ---------------------------------------------- */

/* The first instant after AFTER (local time) that T allows, or -1 if none
 * in the next eight years (the 30th of February). */
time_t svc_timer_next(const struct bc_timer *t, time_t after);
/* Service I (a timer) is up: schedule its first run; false if it has none
 * (logged). */
bool svc_timer_start(struct svc_sup *sup, size_t i);
/* Service I stops: no more runs (those going on go on). */
void svc_timer_cancel(struct svc_sup *sup, size_t i);
/* Runs due at NOW, and runs past their max-duration. */
void svc_timer_check(struct svc_sup *sup, int64_t now);
/* The earliest deadline of the timers and their runs, or INT64_MAX. */
int64_t svc_timer_deadline(const struct svc_sup *sup);
/* `herd trigger`: run service I's command now.  0 (*PID its process), or
 * -ENOTSUP (not a timer), -ESRCH (not running), -EBUSY (a run is going on
 * and it waits for it), -EAGAIN (the fork failed). */
int svc_timer_trigger(struct svc_sup *sup, size_t i, pid_t *pid);
/* The index in sup->runs of the run PID, or -1; a run that exited. */
ssize_t svc_timer_run_of(const struct svc_sup *sup, pid_t pid);
void svc_timer_reaped(struct svc_sup *sup, size_t k, int wstatus);

/* ---- spawning (svc_spawn.c) ------------------------------------------- */

/* Fork ARGV (service S's command, or its stop command) as S: new session,
 * stdin NULLFD, stdout/stderr OUT_FD (its output pipe, which PID 1 reads
 * into the system log or its log file), its environment, directory,
 * groups, uid; signal mask and handlers back to default.  LOG_ERRNO: why
 * PID 1 could not open its log file (svc_log_file_open), else 0: the child
 * then exits 126 at once, as a service that cannot log does not run.
 * Returns the PID or -1 (errno). */
struct rlimit;
void svc_spawn_keep_nofile(const struct rlimit *rl);
pid_t svc_spawn_service(const struct bc_service *s, char *const *argv, char *const *envp,
                        int nullfd, int out_fd, int log_errno);
/* Service I's log file (re)opened as its output's destination before a
 * spawn: 0, or the errno that svc_spawn_service is to be given. */
int svc_log_reopen(struct svc_sup *sup, size_t i);
/* S's log file opened for appending (created, owned by S's user), or -1
 * with errno (EPERM: not a regular file with one name, S's user's or
 * root's; ELOOP: a symbolic link). */
int svc_log_file_open(const struct bc_service *s);
/* Fork COMMAND as root in /, environment PATH and TERM only, stdio shared;
 * FOREGROUND: in its own process group, made the foreground one of the
 * terminal on stdin. */
pid_t svc_spawn_command(char *const *command, bool foreground);
/* The system seam the unit tests wrap (-Wl,--wrap): signal the process
 * group of PID (or PID alone if it shares ours); the monotonic clock in ms;
 * the wall clock (CLOCK_REALTIME) in ms, the timers' only reading of it:
 * time() is the coarse clock, up to a tick behind, and a run found "early"
 * by one after a deadline set by the other would be re-armed for now, in a
 * loop, until the tick. */
void svc_signal_group(pid_t pid, int sig);
int64_t svc_now_ms(void);
int64_t svc_wall_ms(void);

/* ---- control socket (control.c) --------------------------------------- */

/* Parse a request line ("VERB [SERVICE]", no newline; for doc, also
 * "doc SERVICE list-actions" and "doc SERVICE action NAME") into *OP and
 * *ARG (pointing into LINE, "" if none; doc's: all after the verb).  -1
 * if malformed. */
int svc_ctl_parse(char *line, enum svc_ctl_op *op, const char **arg);
/* `rotate-logs` (svc_logrot.c): rotate the log files boot.conf's
 * log-rotation names, answering on FD. */
void svc_logrot_run(struct svc_sup *sup, int fd);
/* `herd files NAME` of the log-rotation timer (service I, whose command is
 * herd's rotate-logs): "ok" and the files subject to log rotation, one a
 * line, to FD; else an error line. */
void svc_logrot_files(struct svc_sup *sup, size_t i, int fd);
int svc_ctl_open(struct svc_sup *sup, const char *path, struct gx_error **err);
void svc_ctl_close(struct svc_sup *sup, const char *path);
/* Poll entries: the listening socket, then the clients.  */
void svc_ctl_pollfds(struct svc_sup *sup, struct pollfd *pfd, int64_t now);
void svc_ctl_handle(struct svc_sup *sup, const struct pollfd *pfd, int64_t now);
/* Answer the clients whose start/stop/restart completed. */
void svc_ctl_progress(struct svc_sup *sup);
/* Earliest client deadline, or INT64_MAX. */
int64_t svc_ctl_deadline(const struct svc_sup *sup, int64_t now);

/* ---- syslog (syslog.c) ------------------------------------------------ */

/* Strip "<PRI>" and a leading RFC 3164 timestamp from a datagram; the
 * message is *MSG, *LEN bytes, without trailing newlines or NULs. */
void svc_syslog_parse(const char *dgram, size_t n, const char **msg, size_t *len);
/* "Mmm dd hh:mm:ss HOST TAG[PID]: MSG\n" (TAG and PID optional: NULL, 0),
 * truncated to SIZE - 1 (the newline kept); returns the length. */
size_t svc_syslog_format(char *buf, size_t size, const struct tm *tm, const char *host,
                         const char *tag, pid_t pid, const char *msg, size_t len);
int svc_syslog_open(struct svc_syslog *l, const char *sock_path, const char *file_path,
                    struct gx_error **err);
void svc_syslog_close(struct svc_syslog *l);
/* After the log rotation renamed the file: write a new one (0 on
 * success, else an errno, and the old file goes on). */
int svc_syslog_reopen(struct svc_syslog *l);
void svc_syslog_write(struct svc_syslog *l, const char *tag, pid_t pid, const char *msg,
                      size_t len);
/* Drain the datagrams waiting on the socket (a bounded number). */
void svc_syslog_recv(struct svc_syslog *l);

#endif
