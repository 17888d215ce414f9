/* The service state machine as a state x event table (s6-supervise), the
 * respawn limit (Shepherd: more than 5 respawns in 30 s disables), the
 * classification of process exits into events, status formatting. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "svc_int.h"

#define T(next, action)                                                                            \
	{                                                                                          \
		SVC_##next, SVC_A_##action                                                         \
	}

/* Missing entries are zero: { SVC_STOPPED, SVC_A_IGNORE }, i.e. ignored. */
static const struct svc_transition table[SVC_N_STATES][SVC_N_EVENTS] = {
	[SVC_STOPPED] = {
		[SVC_EV_START] = T(WAITING, WANT),
	},
	[SVC_WAITING] = {
		[SVC_EV_DEPS_UP] = T(STARTING, SPAWN),
		[SVC_EV_DEPS_FAILED] = T(FAILED, DEPFAIL),
		[SVC_EV_STOP] = T(STOPPED, NONE),
	},
	[SVC_STARTING] = {
		[SVC_EV_READY] = T(RUNNING, UP),
		[SVC_EV_EXIT_OK] = T(DONE, DONE),
		[SVC_EV_EXIT_FAIL] = T(FAILED, FAIL),
		[SVC_EV_TIMEOUT] = T(FAILED, PIDFILE_LATE),
		[SVC_EV_STOP] = T(STOPPING, TERM),
	},
	[SVC_RUNNING] = {
		[SVC_EV_DIED] = T(STOPPED, EXITED),
		[SVC_EV_DIED_RESPAWN] = T(RESPAWN_WAIT, RESPAWN),
		[SVC_EV_DIED_LIMIT] = T(DISABLED, DISABLE),
		[SVC_EV_STOP] = T(STOPPING, TERM),
	},
	[SVC_DONE] = {
		[SVC_EV_START] = T(WAITING, WANT),
		[SVC_EV_STOP] = T(STOPPING, UNDO),
	},
	[SVC_STOPPING] = {
		[SVC_EV_EXIT_OK] = T(STOPPED, STOPPED),
		[SVC_EV_EXIT_FAIL] = T(STOPPED, STOPPED),
		[SVC_EV_TIMEOUT] = T(STOPPING, KILL),
		[SVC_EV_NO_UNDO] = T(STOPPED, NONE),
	},
	[SVC_RESPAWN_WAIT] = {
		[SVC_EV_TIMEOUT] = T(STARTING, SPAWN),
		[SVC_EV_STOP] = T(STOPPED, NONE),
	},
	[SVC_FAILED] = {
		[SVC_EV_START] = T(WAITING, WANT),
	},
	[SVC_DISABLED] = {
		[SVC_EV_START] = T(WAITING, WANT),
		[SVC_EV_ENABLE] = T(STOPPED, NONE),
	},
};

struct svc_transition svc_transition(enum svc_state state, enum svc_event event)
{
	static const struct svc_transition ignore = { SVC_STOPPED, SVC_A_IGNORE };

	if ((unsigned)state >= SVC_N_STATES || (unsigned)event >= SVC_N_EVENTS)
		return ignore;
	return table[state][event];
}

static const char *const state_names[SVC_N_STATES] = {
	[SVC_STOPPED] = "stopped",         [SVC_WAITING] = "waiting", [SVC_STARTING] = "starting",
	[SVC_RUNNING] = "running",         [SVC_DONE] = "done",       [SVC_STOPPING] = "stopping",
	[SVC_RESPAWN_WAIT] = "respawning", [SVC_FAILED] = "failed",   [SVC_DISABLED] = "disabled",
};

static const char *const event_names[SVC_N_EVENTS] = {
	[SVC_EV_START] = "start",
	[SVC_EV_STOP] = "stop",
	[SVC_EV_DEPS_UP] = "deps-up",
	[SVC_EV_DEPS_FAILED] = "deps-failed",
	[SVC_EV_READY] = "ready",
	[SVC_EV_EXIT_OK] = "exit-ok",
	[SVC_EV_EXIT_FAIL] = "exit-fail",
	[SVC_EV_DIED] = "died",
	[SVC_EV_DIED_RESPAWN] = "died-respawn",
	[SVC_EV_DIED_LIMIT] = "died-limit",
	[SVC_EV_TIMEOUT] = "timeout",
	[SVC_EV_NO_UNDO] = "no-undo",
	[SVC_EV_ENABLE] = "enable",
};

const char *svc_state_name(enum svc_state state)
{
	return (unsigned)state < SVC_N_STATES ? state_names[state] : "?";
}

const char *svc_event_name(enum svc_event event)
{
	return (unsigned)event < SVC_N_EVENTS ? event_names[event] : "none";
}

bool svc_state_up(enum svc_state state)
{
	return state == SVC_RUNNING || state == SVC_DONE;
}

bool svc_state_active(enum svc_state state)
{
	return state == SVC_WAITING || state == SVC_STARTING || state == SVC_RUNNING ||
	       state == SVC_STOPPING || state == SVC_RESPAWN_WAIT;
}

bool svc_respawn_allowed(const struct svc_respawns *r, int64_t now)
{
	/* As Shepherd's respawn-limit-hit?: disabled only once more than MAX
	 * respawns were recorded and the last MAX of them fall within the
	 * window (so MAX + 1 respawns in a row; MAX was one too few).  With
	 * MAX or fewer so far, always; otherwise the slot about to be
	 * overwritten holds the oldest of the last MAX. */
	if (r->n <= r->max)
		return true;
	return now - r->at[r->n % r->max] >= r->window_ms;
}

void svc_respawn_record(struct svc_respawns *r, int64_t now)
{
	r->at[r->n % r->max] = now;
	r->n++;
}

bool svc_pid_parse(const char *text, pid_t *pid)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10); /* leading blanks skipped */
	if (errno != 0 || end == text || v <= 1 || v > INT_MAX)
		return false;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		return false;
	*pid = (pid_t)v;
	return true;
}

static bool exited_ok(int wstatus)
{
	return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
}

static enum svc_event starting_exit(const struct bc_service *c, bool launcher, int wstatus)
{
	if (c->one_shot)
		return exited_ok(wstatus) ? SVC_EV_EXIT_OK : SVC_EV_EXIT_FAIL;
	if (launcher && exited_ok(wstatus))
		return SVC_EV_NONE; /* it daemonized: keep waiting for the PID file */
	return SVC_EV_EXIT_FAIL;
}

enum svc_event svc_exit_event(enum svc_state state, const struct bc_service *c, bool launcher,
                              int wstatus, const struct svc_respawns *r, int64_t now)
{
	switch (state) {
	case SVC_STARTING:
		return starting_exit(c, launcher, wstatus);
	case SVC_RUNNING:
		if (!c->respawn)
			return SVC_EV_DIED;
		return svc_respawn_allowed(r, now) ? SVC_EV_DIED_RESPAWN : SVC_EV_DIED_LIMIT;
	case SVC_STOPPING:
		return exited_ok(wstatus) ? SVC_EV_EXIT_OK : SVC_EV_EXIT_FAIL;
	case SVC_STOPPED:
	case SVC_WAITING:
	case SVC_DONE:
	case SVC_RESPAWN_WAIT:
	case SVC_FAILED:
	case SVC_DISABLED:
	case SVC_N_STATES:
		break;
	}
	return SVC_EV_NONE;
}

size_t svc_format_status(char *buf, size_t size, const char *name, enum svc_state state, pid_t pid,
                         unsigned respawns)
{
	char pidbuf[16] = "-";
	int n;

	if (pid > 0)
		snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	n = snprintf(buf, size, "%-20s %-10s %7s %8u\n", name, svc_state_name(state), pidbuf,
	             respawns);
	if (n < 0)
		n = 0;
	if (size > 0 && (size_t)n >= size) {
		buf[size - 1] = '\0';
		if (size > 1)
			buf[size - 2] = '\n';
		return size - 1;
	}
	return (size_t)n;
}

/* " TEXT" put before the newline that ends the LEN bytes of BUF; the new
 * length (LEN when there is no room). */
static size_t status_suffix(char *buf, size_t size, size_t len, const char *text)
{
	int n;

	if (len == 0 || buf[len - 1] != '\n')
		return len;
	n = snprintf(buf + len - 1, size - (len - 1), " %s\n", text);
	if (n < 0 || (size_t)n >= size - (len - 1)) { /* no room: as it was */
		buf[len - 1] = '\n';
		buf[len] = '\0';
		return len;
	}
	return len - 1 + (size_t)n;
}

size_t svc_format_status_next(char *buf, size_t size, size_t len, time_t next)
{
	struct tm tm;
	char when[32];

	if (localtime_r(&next, &tm) == NULL ||
	    strftime(when, sizeof(when), "next %Y-%m-%d %H:%M:%S", &tm) == 0)
		return len;
	return status_suffix(buf, size, len, when);
}

size_t svc_format_status_disabled(char *buf, size_t size, size_t len)
{
	return status_suffix(buf, size, len, "disabled");
}

size_t svc_format_status_header(char *buf, size_t size)
{
	int n = snprintf(buf, size, "%-20s %-10s %7s %8s\n", "SERVICE", "STATE", "PID", "RESPAWNS");

	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size ? size - 1 : 0;
}

int svc_wait_status_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 1;
}
