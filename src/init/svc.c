/* The supervisor loop: PID 1 after the file system is up.  One poll loop on
 * a signalfd, the syslog socket, the control socket and the services'
 * output pipes, with deadlines as its timeout (s6, tini).  Everything it
 * needs is allocated before the loop; the loop itself allocates nothing. */
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "launch.h"
#include "svc.h"
#include "svc_int.h"
#include "util.h"

/* Poll slots before the services' output pipes. */
enum {
	PFD_SIGNAL,
	PFD_SYSLOG,
	PFD_PID_WATCH,
	PFD_JOB,
	PFD_CONTROL,
	PFD_CLIENTS,
	PFD_SERVICES = PFD_CLIENTS + SVC_CTL_CLIENTS
};

void svc_vlog(struct svc_sup *sup, bool console, const char *fmt, va_list ap)
{
	char msg[256];
	int n = vsnprintf(msg, sizeof(msg) - 1, fmt, ap);

	if (n < 0)
		return;
	if ((size_t)n > sizeof(msg) - 2)
		n = sizeof(msg) - 2;
	svc_syslog_write(&sup->log, "shepherd", 0, msg, (size_t)n);
	msg[n++] = '\n';
	if (console && write(STDERR_FILENO, msg, (size_t)n) < 0)
		return;
}

void svc_log(struct svc_sup *sup, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	svc_vlog(sup, true, fmt, ap);
	va_end(ap);
}

/* ---- actions ----------------------------------------------------------- */

static const char *name_of(const struct svc_sup *sup, size_t i)
{
	return sup->svc[i].conf->name;
}

void svc_log_file_error(struct svc_sup *sup, const struct bc_service *c, int log_errno,
                        const char *what)
{
	svc_log(sup, "Service %s: cannot open its log file '%s'%s: %s.", c->name, c->log_file, what,
	        log_errno == ELOOP   ? "a symbolic link"
	        : log_errno == EPERM ? "not a regular file with one name, its user's or root's"
	                             : strerror(log_errno));
}

int svc_log_reopen(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];
	int fd;

	if (s->conf->log_file == NULL)
		return 0;
	fd = svc_log_file_open(s->conf);
	if (fd < 0)
		return errno;
	if (s->log_fd >= 0)
		close(s->log_fd);
	s->log_fd = fd;
	return 0;
}

/* Fork ARGV (service I's command, or its stop command) as service I, and
 * note what the fork left: its process group (it does setsid), its output
 * to read, the spawn's stack.  A log file it could not open is said (the
 * child has exited 126 already: *LOG_ERRNO); so is a failed fork (-1,
 * last_wstatus -1). */
static pid_t spawn_as(struct svc_sup *sup, size_t i, char *const *argv, int *log_errno)
{
	struct svc *s = &sup->svc[i];
	const struct bc_service *c = s->conf;
	const bool undo = argv != c->command;

	*log_errno = svc_log_reopen(sup, i);
	s->pid = svc_spawn_service(c, argv, s->envp, sup->nullfd, s->out[1], *log_errno);
	int fork_errno = errno;
	if (*log_errno != 0)
		svc_log_file_error(sup, c, *log_errno, undo ? " for its stop command" : "");
	s->pgid = s->pid > 0 ? s->pid : 0;
	s->killed = false;
	s->log_pid = s->pid;      /* its output may be read after its exit */
	sup->memory_dirty = true; /* the spawn's stack */
	if (s->pid < 0) {
		s->pid = 0;
		svc_log(sup, "Service %s: fork%s failed: %s", c->name,
		        undo ? " of its stop command" : "", strerror(fork_errno));
		sup->last_wstatus = -1;
		return -1;
	}
	return s->pid;
}

static enum svc_event act_spawn(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];
	const struct bc_service *c = s->conf;
	int log_errno;

	if (c->command == NULL || c->command[0] == NULL)
		return c->one_shot ? SVC_EV_EXIT_OK : SVC_EV_READY;
	if (c->private_network && sup->bc->network) {
		/* Its command (nft) would act on the network namespace it runs
		 * in: the host's.  net_admin is dropped there, so it would fail
		 * anyway; it is not even tried. */
		svc_log(sup,
		        "Service %s: not started: it acts on the network namespace it runs in, and "
		        "this container shares the host's (run-container -N); the host's is left "
		        "as it is.",
		        c->name);
		sup->last_wstatus = SVC_WSTATUS_REFUSED;
		return SVC_EV_EXIT_FAIL;
	}
	if (c->timer != NULL) { /* up without a process: its runs come later */
		if (svc_timer_start(sup, i))
			return SVC_EV_READY;
		sup->last_wstatus = SVC_WSTATUS_NO_INSTANT;
		return SVC_EV_EXIT_FAIL;
	}
	if (c->pid_file != NULL && unlink(c->pid_file) < 0 && errno != ENOENT)
		svc_log(sup, "Service %s: cannot remove stale PID file '%s': %s", c->name,
		        c->pid_file, strerror(errno));
	if (spawn_as(sup, i, c->command, &log_errno) < 0)
		return SVC_EV_EXIT_FAIL;
	if (log_errno != 0) {
		/* It has exited already (vfork): a start that failed, not one
		 * answered "started", then an exit and respawns. */
		sup->last_wstatus = 126 << 8;
		return SVC_EV_EXIT_FAIL;
	}
	if (c->pid_file != NULL) {
		s->launcher = true;
		s->deadline = svc_now_ms() +
		              1000 * (int64_t)(c->pid_file_timeout > 0 ? c->pid_file_timeout : 30);
		return SVC_EV_NONE;
	}
	return c->one_shot ? SVC_EV_NONE : SVC_EV_READY;
}

void svc_describe_status(char *buf, size_t size, int wstatus)
{
	if (wstatus == -1)
		snprintf(buf, size, "could not fork");
	else if (wstatus == SVC_WSTATUS_REFUSED)
		snprintf(buf, size, "refused on the host's network");
	else if (wstatus == SVC_WSTATUS_NO_INSTANT)
		snprintf(buf, size, "its calendar event never occurs");
	else if (WIFSIGNALED(wstatus))
		snprintf(buf, size, "killed by signal %d", WTERMSIG(wstatus));
	else if (WIFEXITED(wstatus))
		snprintf(buf, size, "exit status %d", WEXITSTATUS(wstatus));
	else
		snprintf(buf, size, "requirement failed");
}

static enum svc_event signal_service(struct svc_sup *sup, size_t i, int sig)
{
	struct svc *s = &sup->svc[i];

	if (s->pid <= 0) {
		/* A marker, or a launcher that is gone while the PID file is
		 * awaited: what it left in its group gets the signal (else a
		 * daemon that writes its PID file later ran on, untracked). */
		if (s->pgid > 0)
			kill(-s->pgid, sig);
		s->pgid = 0;
		return SVC_EV_EXIT_OK;
	}
	svc_signal_group(s->pid, sig);
	/* after SIGKILL too: a process that still does not go (a zombie of
	 * another parent) is given up, not waited for forever (act_kill) */
	s->deadline = svc_now_ms() + SVC_STOP_GRACE_MS;
	return SVC_EV_NONE;
}

/* Log "Service NAME WHAT" with the exit being dispatched, if asked. */
static void log_service(struct svc_sup *sup, size_t i, const char *what, bool with_status)
{
	char why[48] = "";

	if (with_status)
		svc_describe_status(why, sizeof(why), sup->last_wstatus);
	svc_log(sup, "Service %s %s%s%s%s", name_of(sup, i), what, with_status ? " (" : "", why,
	        with_status ? ")." : ".");
}

/* ---- the actions of the state table (svc_state.c) --------------------- */

static enum svc_event act_none(struct svc_sup *sup, size_t i)
{
	(void)sup, (void)i;
	return SVC_EV_NONE;
}

static enum svc_event act_want(struct svc_sup *sup, size_t i)
{
	const struct svc_node *node = sup->svc[i].node;

	sup->svc[i].respawns.n = 0;
	for (size_t k = 0; k < node->n_req; k++) {
		struct svc *r = &sup->svc[node->req[k]];

		/* As Shepherd: a stop under way ends first, then it starts
		 * again (deps_event waits for that).  A completed one-shot is
		 * stopped for Shepherd, and runs again before its dependent
		 * starts again (at boot none has completed yet). */
		if (r->state == SVC_STOPPING || r->want_stop)
			r->restart = true;
		else if (r->state == SVC_STOPPED || r->state == SVC_FAILED || r->state == SVC_DONE)
			svc_dispatch(sup, node->req[k], SVC_EV_START);
	}
	return SVC_EV_NONE;
}

static enum svc_event act_up(struct svc_sup *sup, size_t i)
{
	log_service(sup, i, "has been started", false);
	return SVC_EV_NONE;
}

static enum svc_event act_done(struct svc_sup *sup, size_t i)
{
	log_service(sup, i, "has been started (one-shot, completed)", false);
	return SVC_EV_NONE;
}

static enum svc_event act_fail(struct svc_sup *sup, size_t i)
{
	log_service(sup, i, "failed to start", true);
	return SVC_EV_NONE;
}

static enum svc_event act_depfail(struct svc_sup *sup, size_t i)
{
	log_service(sup, i, "failed to start: a requirement is not running", false);
	return SVC_EV_NONE;
}

static enum svc_event act_pidfile_late(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];

	/* a file that is there holds something else than a running
	 * process's PID (it was said to be "not written") */
	svc_log(sup, "Service %s failed to start: PID file '%s' %s within %d s.", s->conf->name,
	        s->conf->pid_file,
	        access(s->conf->pid_file, F_OK) == 0 ? "holds no running process's PID"
	                                             : "not written",
	        s->conf->pid_file_timeout > 0 ? s->conf->pid_file_timeout : 30);
	if (s->pid > 0)
		svc_signal_group(s->pid, SIGTERM);
	else if (s->pgid > 0) /* the launcher is gone: what it left */
		kill(-s->pgid, SIGTERM);
	s->pid = s->pgid = 0;
	return SVC_EV_NONE;
}

static enum svc_event act_undo(struct svc_sup *sup, size_t i);

static enum svc_event act_term(struct svc_sup *sup, size_t i)
{
	const struct bc_service *c = sup->svc[i].conf;
	int sig = c->stop_signal;

	if (c->timer != NULL) /* no more runs; those going on end as they will */
		svc_timer_cancel(sup, i);
	/* A marker with a stop command: nothing to signal, that to run. */
	if (c->command == NULL && c->stop_command != NULL)
		return act_undo(sup, i);

	return signal_service(sup, i, sig > 0 ? sig : SIGTERM);
}

static enum svc_event act_kill(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];

	if (s->killed) {
		svc_log(sup,
		        "Service %s: process %d is still there %d s after SIGKILL: no longer "
		        "waited for.",
		        name_of(sup, i), (int)s->pid, SVC_STOP_GRACE_MS / 1000);
		s->pid = 0;
		sup->last_wstatus = SIGKILL; /* as a wait status: killed by it */
		return SVC_EV_EXIT_FAIL;
	}
	s->killed = true;
	svc_log(sup, "Service %s did not stop within %d s: sending SIGKILL.", name_of(sup, i),
	        SVC_STOP_GRACE_MS / 1000);
	return signal_service(sup, i, SIGKILL);
}

/* The stop command of a completed one-shot or of a marker (Shepherd's
 * make-system-destructor, nftables' flush), run as the service's command
 * is; the service is stopped when it exits, and it is killed as a stopping
 * process is if it does not within the grace period.  A one-shot without
 * one is stopped at once, silently (for Shepherd it is not running). */
static enum svc_event act_undo(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];
	const struct bc_service *c = s->conf;
	int log_errno;

	if (c->stop_command == NULL || c->stop_command[0] == NULL)
		return SVC_EV_NO_UNDO;
	/* With a log file it could not open, it has exited 126: that exit
	 * says the stop command failed. */
	if (spawn_as(sup, i, c->stop_command, &log_errno) < 0)
		return SVC_EV_EXIT_FAIL;
	s->undoing = true;
	s->deadline = svc_now_ms() + SVC_STOP_GRACE_MS;
	return SVC_EV_NONE;
}

static enum svc_event act_stopped(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];
	bool undone = s->undoing;

	s->undoing = false;
	if (undone && sup->last_wstatus != 0) {
		char why[48];

		svc_describe_status(why, sizeof(why), sup->last_wstatus);
		svc_log(sup, "Service %s has been stopped (its stop command failed: %s).",
		        name_of(sup, i), why);
		return SVC_EV_NONE;
	}
	log_service(sup, i, "has been stopped", false);
	return SVC_EV_NONE;
}

static enum svc_event act_exited(struct svc_sup *sup, size_t i)
{
	log_service(sup, i, "terminated and is not respawned", true);
	return SVC_EV_NONE;
}

static enum svc_event act_respawn(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];

	log_service(sup, i, "terminated; respawning", true);
	svc_respawn_record(&s->respawns, svc_now_ms());
	s->deadline = svc_now_ms() + (s->conf->respawn_delay_ms > 0 ? s->conf->respawn_delay_ms
	                                                            : SVC_RESPAWN_DELAY_MS);
	return SVC_EV_NONE;
}

static enum svc_event act_disable(struct svc_sup *sup, size_t i)
{
	sup->svc[i].disabled = true; /* as Shepherd: until herd enable */
	svc_log(sup, "Service %s has been disabled (respawned more than %d times in %d s).",
	        name_of(sup, i), sup->svc[i].respawns.max,
	        (int)(sup->svc[i].respawns.window_ms / 1000));
	return SVC_EV_NONE;
}

/* An action may raise the next event for the same service. */
static enum svc_event (*const actions[])(struct svc_sup *, size_t) = {
	[SVC_A_IGNORE] = act_none,
	[SVC_A_NONE] = act_none,
	[SVC_A_WANT] = act_want,
	[SVC_A_SPAWN] = act_spawn,
	[SVC_A_UP] = act_up,
	[SVC_A_DONE] = act_done,
	[SVC_A_FAIL] = act_fail,
	[SVC_A_DEPFAIL] = act_depfail,
	[SVC_A_PIDFILE_LATE] = act_pidfile_late,
	[SVC_A_TERM] = act_term,
	[SVC_A_KILL] = act_kill,
	[SVC_A_UNDO] = act_undo,
	[SVC_A_STOPPED] = act_stopped,
	[SVC_A_EXITED] = act_exited,
	[SVC_A_RESPAWN] = act_respawn,
	[SVC_A_DISABLE] = act_disable,
};
_Static_assert(sizeof(actions) / sizeof(actions[0]) == SVC_N_ACTIONS, "an action per entry");

void svc_dispatch(struct svc_sup *sup, size_t i, enum svc_event event)
{
	while (event != SVC_EV_NONE) {
		struct svc *s = &sup->svc[i];
		struct svc_transition t = svc_transition(s->state, event);

		if (t.action == SVC_A_IGNORE)
			return;
		/* herd start, a dependent's start (which then fails for want
		 * of it) or a restart's second half: refused, as Shepherd's */
		if (event == SVC_EV_START && s->disabled) {
			svc_log(sup, "Service %s is currently disabled.", name_of(sup, i));
			return;
		}
		if (t.next == SVC_STOPPED && s->state != SVC_STOPPED)
			s->stops++;
		s->state = t.next;
		s->deadline = 0;
		event = actions[t.action](sup, i);
		if (t.next != SVC_STARTING && t.next != SVC_RUNNING && t.next != SVC_STOPPING) {
			s->pid = s->pgid = 0; /* no process to track in this state */
			s->launcher = s->foreign = false;
		}
	}
}

/* ---- requests ---------------------------------------------------------- */

/* A service being stopped, or to be once its dependents are, is started
 * again once stopped (Shepherd's start waits for a stop under way). */
void svc_request_start(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];

	if (sup->phase != SVC_PH_RUN)
		return;
	if (s->state == SVC_STOPPING || s->want_stop)
		s->restart = true;
	else
		svc_dispatch(sup, i, SVC_EV_START);
}

void svc_set_enabled(struct svc_sup *sup, size_t i, bool enable)
{
	sup->svc[i].disabled = !enable;
	if (enable) /* out of the state the respawn limit left it in */
		svc_dispatch(sup, i, SVC_EV_ENABLE);
}

static bool requires_marked(const struct svc_sup *sup, size_t i)
{
	const struct svc_node *node = sup->svc[i].node;

	for (size_t k = 0; k < node->n_req; k++)
		if (sup->svc[node->req[k]].mark)
			return true;
	return false;
}

/* Stop TARGET and, first, every service depending on it, directly or not,
 * that is up or on its way (even when TARGET itself is not: it may have
 * been disabled under them).  RESTART: start them again once stopped, and
 * TARGET in any case.  A completed one-shot only: see below. */
void svc_request_stop(struct svc_sup *sup, size_t target, bool restart)
{
	/* A completed one-shot is stopped already for Shepherd (it says
	 * "stopped (one-shot)"): stopping it stops none of its dependents,
	 * and a restart runs it again, alone.  Not one with a stop command:
	 * for Shepherd that is a service whose start returned true (a
	 * make-system-constructor's), running without a process, whose
	 * dependents stop before its destructor runs. */
	const struct bc_service *c = sup->svc[target].conf;
	if (sup->phase == SVC_PH_RUN && sup->svc[target].state == SVC_DONE &&
	    (c->stop_command == NULL || c->stop_command[0] == NULL)) {
		svc_dispatch(sup, target, SVC_EV_STOP);
		if (restart)
			svc_request_start(sup, target);
		return;
	}
	for (size_t k = 0; k < sup->n; k++) {
		size_t i = sup->graph.order[k]; /* requirements first */

		sup->svc[i].mark = i == target || requires_marked(sup, i);
	}
	for (size_t i = 0; i < sup->n; i++) {
		struct svc *s = &sup->svc[i];

		if (!s->mark)
			continue;
		if (svc_state_active(s->state) || s->state == SVC_DONE) {
			s->want_stop = true;
			s->restart = restart;
		} else if (i == target) {
			s->restart = restart;
		}
	}
}

void svc_begin_shutdown(struct svc_sup *sup, int signo)
{
	if (sup->phase != SVC_PH_RUN)
		return;
	if (signo > 0)
		svc_log(sup, "Signal %d (%s) received: shutting down.", signo, strsignal(signo));
	else
		svc_log(sup, "Shutting down.");
	sup->shutdown_signal = signo;
	sup->phase = SVC_PH_STOP_SERVICES;
	for (size_t i = 0; i < sup->n; i++) {
		struct svc *s = &sup->svc[i];

		s->restart = false;
		s->want_stop = svc_state_active(s->state) || s->state == SVC_DONE;
	}
}

static void reap(struct svc_sup *sup);

/* ---- the scheduler: run after every batch of events -------------------- */

/* A dependent waiting for its requirements has started nothing that
 * needs this one: it does not hold its stop back (it may be waiting for
 * this very stop to end and this service to start again). */
static bool dependents_active(const struct svc_sup *sup, size_t i)
{
	const struct svc_node *node = sup->svc[i].node;

	for (size_t k = 0; k < node->n_dep; k++) {
		enum svc_state st = sup->svc[node->dep[k]].state;

		if (svc_state_active(st) && st != SVC_WAITING)
			return true;
	}
	return false;
}

/* A PID-file service whose launcher has exited (it daemonized) and whose
 * PID file has not come yet is stopped only once the file names the
 * daemon: the launcher's process group would miss a daemon that made a
 * session of its own, which then wrote its PID file and ran on, untracked
 * (a restart then started a second one).  Its pid-file-timeout bounds the
 * wait; in a shutdown, which ends with every process signalled, it is not
 * waited for. */
static bool stop_deferred(const struct svc_sup *sup, const struct svc *s)
{
	return sup->phase == SVC_PH_RUN && s->state == SVC_STARTING && s->conf->pid_file != NULL &&
	       s->pid == 0;
}

/* Stopping a service without a process (a marker) completes at once and
 * produces no event, so its requirements become stoppable in the same
 * pass: repeat until nothing more can be stopped. */
static void schedule_stops(struct svc_sup *sup)
{
	bool again = true;

	while (again) {
		again = false;
		for (size_t i = 0; i < sup->n; i++) {
			struct svc *s = &sup->svc[i];

			if (!s->want_stop || dependents_active(sup, i) || stop_deferred(sup, s))
				continue;
			s->want_stop = false;
			svc_dispatch(sup, i, SVC_EV_STOP);
			again = true;
		}
	}
}

/* SVC_EV_DEPS_UP when all requirements are up, SVC_EV_DEPS_FAILED when one
 * cannot come up any more, SVC_EV_NONE while waiting. */
static enum svc_event deps_event(const struct svc_sup *sup, size_t i)
{
	const struct svc_node *node = sup->svc[i].node;
	enum svc_event ev = SVC_EV_DEPS_UP;

	for (size_t k = 0; k < node->n_req; k++) {
		const struct svc *r = &sup->svc[node->req[k]];

		if (svc_state_up(r->state) && !r->want_stop)
			continue;
		if (r->state == SVC_WAITING || r->state == SVC_STARTING ||
		    r->state == SVC_RESPAWN_WAIT || r->restart)
			ev = SVC_EV_NONE;
		else
			return SVC_EV_DEPS_FAILED;
	}
	return ev;
}

static void schedule_starts(struct svc_sup *sup)
{
	bool again = true;

	while (again) {
		again = false;
		for (size_t k = 0; k < sup->n; k++) {
			size_t i = sup->graph.order[k];
			struct svc *s = &sup->svc[i];
			enum svc_event ev;

			if (s->restart && !s->want_stop && !svc_state_active(s->state) &&
			    sup->phase == SVC_PH_RUN) {
				s->restart = false;
				svc_dispatch(sup, i, SVC_EV_START);
				/* its requirements may wait now, earlier in the order
				 * (a completed one-shot it runs again) */
				again = true;
			}
			if (s->state != SVC_WAITING || s->want_stop)
				continue;
			ev = deps_event(sup, i);
			if (ev != SVC_EV_NONE) {
				svc_dispatch(sup, i, ev);
				again = true;
			}
		}
	}
}

static bool services_settled(const struct svc_sup *sup)
{
	for (size_t i = 0; i < sup->n; i++)
		if (sup->svc[i].state == SVC_WAITING || sup->svc[i].state == SVC_STARTING)
			return false;
	return true;
}

static bool services_stopped(const struct svc_sup *sup)
{
	for (size_t i = 0; i < sup->n; i++)
		if (svc_state_active(sup->svc[i].state) || sup->svc[i].want_stop)
			return false;
	return true;
}

static void start_command(struct svc_sup *sup)
{
	int fg = launch_foreground();

	sup->command_started = true;
	/* Only when we run in the foreground of a terminal, as a job would:
	 * as the launcher saw it (a launcher run with `&` leaves the terminal
	 * to its shell), or ourselves when we are no PID 1 of its. */
	sup->command_tty =
	        fg >= 0 ? fg == 1 : isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
	sup->command_pid = svc_spawn_command(sup->command, sup->command_tty);
	sup->memory_dirty = true;
	if (sup->command_pid < 0) {
		svc_log(sup, "Cannot fork '%s': %s", sup->command[0], strerror(errno));
		sup->command_pid = 0;
		sup->command_done = true;
		sup->command_status = 126;
		svc_begin_shutdown(sup, 0);
	}
}

/* Kill what is left: the whole PID namespace when we are its init, else
 * only the COMMAND (kill(-1) would reach the host). */
static void kill_remaining(struct svc_sup *sup, int sig)
{
	if (sup->pid1)
		kill(-1, sig);
	else if (sup->command_pid > 0)
		svc_signal_group(sup->command_pid, sig);
	/* A stopped process acts on SIGTERM only once continued (as systemd
	 * does, SIGCONT follows). */
	if (sig == SIGTERM)
		kill_remaining(sup, SIGCONT);
}

static void schedule_phase(struct svc_sup *sup, int64_t now)
{
	switch (sup->phase) {
	case SVC_PH_RUN:
		if (sup->command != NULL && !sup->command_started && services_settled(sup))
			start_command(sup);
		break;
	case SVC_PH_STOP_SERVICES:
		if (!services_stopped(sup))
			break;
		svc_log(sup, "Services stopped: sending SIGTERM to the remaining processes.");
		kill_remaining(sup, SIGTERM);
		sup->phase = SVC_PH_TERM_ALL;
		sup->phase_deadline = now + SVC_SHUTDOWN_GRACE_MS;
		reap(sup); /* perhaps nothing was left: no SIGCHLD would come */
		break;
	case SVC_PH_TERM_ALL:
		if (sup->no_children) {
			sup->phase = SVC_PH_DONE;
		} else if (now >= sup->phase_deadline) {
			svc_log(sup, "Sending SIGKILL to the remaining processes.");
			kill_remaining(sup, SIGKILL);
			sup->phase = SVC_PH_KILL_ALL;
			sup->phase_deadline = now + SVC_SHUTDOWN_GRACE_MS;
		}
		break;
	case SVC_PH_KILL_ALL:
		/* Outside a PID namespace, orphans we adopted may not be ours
		 * to kill: give up waiting for them after a while. */
		if (sup->no_children || (!sup->pid1 && now >= sup->phase_deadline))
			sup->phase = SVC_PH_DONE;
		break;
	case SVC_PH_DONE:
		break;
	}
}

void svc_schedule(struct svc_sup *sup)
{
	enum svc_phase before;

	do {
		before = sup->phase;
		schedule_stops(sup);
		schedule_starts(sup);
		schedule_phase(sup, svc_now_ms());
	} while (sup->phase != before);
}

/* ---- events from the outside world ------------------------------------ */

static void flush_output(struct svc_sup *sup, size_t i);

void svc_child_exited(struct svc_sup *sup, pid_t pid, int wstatus)
{
	if (pid == sup->command_pid) {
		if (sup->command_tty) /* SIGTTOU is blocked: allowed from the background */
			tcsetpgrp(STDIN_FILENO, getpgrp());
		sup->command_pid = 0;
		sup->command_done = true;
		sup->command_status = svc_wait_status_code(wstatus);
		svc_begin_shutdown(sup, 0);
		return;
	}
	ssize_t run = svc_timer_run_of(sup, pid);
	if (run >= 0) {
		flush_output(sup, sup->runs[run].svc);
		svc_timer_reaped(sup, (size_t)run, wstatus);
		return;
	}
	/* Every service that tracks it (two PID files may name one process). */
	for (size_t i = 0; i < sup->n; i++) {
		struct svc *s = &sup->svc[i];
		enum svc_event ev;

		if (s->pid != pid)
			continue;
		flush_output(sup, i);
		ev = svc_exit_event(s->state, s->conf, s->launcher, wstatus, &s->respawns,
		                    svc_now_ms());
		/* Not while it is to stop, nor once the system is shutting down:
		 * it was respawned during a dependent's grace period.  Nor once
		 * herd disable disabled it (as Shepherd's respawn-service). */
		if ((ev == SVC_EV_DIED_RESPAWN &&
		     (s->want_stop || s->disabled || sup->phase != SVC_PH_RUN)) ||
		    (ev == SVC_EV_DIED_LIMIT && s->disabled))
			ev = SVC_EV_DIED;
		s->pid = 0;
		s->launcher = s->foreign = false;
		sup->last_wstatus = wstatus;
		svc_dispatch(sup, i, ev);
	}
}

/* COMMAND stopped (WUNTRACED): by ^Z on the terminal (or SIGTTIN,
 * SIGTTOU), the waiter is told, to stop the launcher's job in turn and
 * hand the terminal back to its shell (launch_job_fd).  Other stops (a
 * SIGSTOP from someone, any service's) are left as they are. */
static void command_stopped(struct svc_sup *sup, int sig)
{
	unsigned char b = (unsigned char)sig;
	int fd = launch_job_fd();

	if (fd < 0 || !sup->command_tty || (sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU))
		return;
	if (send(fd, &b, 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1)
		svc_log(sup, "'%s' stopped, and the launcher cannot be told: %s", sup->command[0],
		        strerror(errno));
}

/* The waiter's answer once its job is continued: COMMAND goes on, with
 * the terminal if the job is in the foreground again. */
static void read_job(struct svc_sup *sup)
{
	unsigned char buf[16];
	ssize_t n = recv(launch_job_fd(), buf, sizeof(buf), MSG_DONTWAIT);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		launch_job_close();
		return;
	}
	for (ssize_t i = 0; i < n && sup->command_pid > 0; i++) {
		if (buf[i] == 'f') /* SIGTTOU is blocked: allowed from the background */
			tcsetpgrp(STDIN_FILENO, sup->command_pid);
		svc_signal_group(sup->command_pid, SIGCONT);
	}
}

static void reap(struct svc_sup *sup)
{
	for (;;) {
		int wstatus;
		pid_t pid = waitpid(-1, &wstatus, WNOHANG | WUNTRACED);

		if (pid > 0 && WIFSTOPPED(wstatus)) {
			if (pid == sup->command_pid)
				command_stopped(sup, WSTOPSIG(wstatus));
			continue;
		}
		if (pid > 0) {
			svc_child_exited(sup, pid, wstatus);
			continue;
		}
		if (pid < 0 && errno == EINTR)
			continue;
		sup->no_children = pid < 0 && errno == ECHILD;
		return;
	}
}

static void read_signals(struct svc_sup *sup)
{
	struct signalfd_siginfo si;

	while (read(sup->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		int sig = (int)si.ssi_signo;

		if (sig == SIGHUP && launch_hangup_ignored())
			continue; /* run under nohup: a hang-up does not stop it */
		if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP || sig == SIGPWR)
			svc_begin_shutdown(sup, sig);
	}
	reap(sup); /* SIGCHLD may have been merged: always look */
}

/* Whether process PID runs as UID (real or effective), or is in SID, the
 * session its service's launcher made. */
static bool pid_is_services(pid_t pid, uid_t uid, pid_t sid)
{
	char path[32], buf[1024];
	const char *p;
	unsigned long real, eff;

	if (sid > 0 && getsid(pid) == sid)
		return true;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (gx_read_small(path, buf, sizeof(buf)) <= 0 || !(p = strstr(buf, "\nUid:")) ||
	    sscanf(p + 5, "%lu %lu", &real, &eff) != 2)
		return false;
	return real == uid || eff == uid;
}

/* The PID in service S's PID file, when it names a running process that
 * is the service's.  Its user may write the file (a daemon that drops
 * root writes it after), and so may have it name any process: the
 * supervisor, root, signals what it names (SIGTERM and SIGKILL to its
 * process group at the stop).  So the file is read only when it is a
 * regular file (not a symbolic link: to another service's file, say) of
 * root's or of the service's user, and for a service that runs as
 * another user than root, the process it names must run as that user
 * or be in the service's session: a user's service cannot have root's
 * processes (another service, COMMAND) killed, as it could before.
 * A root service's daemon that drops to another user may give it the
 * file (dnsmasq chowns its PID file to the user it runs on as, as
 * systemd wants): a file of another owner is taken only when the process
 * it names is in the service's session, which no process of that user's
 * elsewhere can make it name. */
static bool read_pid_file(const struct svc *s, pid_t *pid)
{
	const struct bc_service *c = s->conf;
	char buf[24];
	struct stat st;
	ssize_t n;
	bool other_owner;
	_cleanup_close_ int fd =
	        open(c->pid_file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	other_owner = st.st_uid != 0 && st.st_uid != c->uid;
	while ((n = read(fd, buf, sizeof(buf) - 1)) < 0 && errno == EINTR)
		;
	if (n <= 0)
		return false;
	buf[n] = '\0';
	if (!svc_pid_parse(buf, pid) || kill(*pid, 0) != 0)
		return false;
	if (other_owner)
		return s->pgid > 0 && getsid(*pid) == s->pgid;
	return c->uid == 0 || pid_is_services(*pid, c->uid, s->pgid);
}

static bool is_our_child(pid_t pid)
{
	siginfo_t si;

	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0;
}

static void check_pid_files(struct svc_sup *sup)
{
	for (size_t i = 0; i < sup->n; i++) {
		struct svc *s = &sup->svc[i];
		pid_t pid;

		if (s->state != SVC_STARTING || s->conf->pid_file == NULL ||
		    !read_pid_file(s, &pid))
			continue;
		s->pid = s->log_pid = pid;
		s->launcher = false;
		s->foreign = !is_our_child(pid);
		svc_dispatch(sup, i, SVC_EV_READY);
	}
}

static bool zombie(pid_t pid)
{
	char path[32], buf[512];
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (gx_read_small(path, buf, sizeof(buf)) <= 0)
		return false;
	p = strrchr(buf, ')'); /* after the command name, which may hold anything */
	return p != NULL && p[1] == ' ' && p[2] == 'Z';
}

/* A daemon whose parent is still alive is not ours to wait for: when it
 * is gone (kill(0) says so, or it is a zombie: a zombie child of ours
 * would be reaped, another parent's may never be), it counts as having
 * exited. */
static void check_foreign(struct svc_sup *sup)
{
	for (size_t i = 0; i < sup->n; i++) {
		struct svc *s = &sup->svc[i];

		if (s->pid <= 0 || !s->foreign ||
		    ((kill(s->pid, 0) == 0 || errno != ESRCH) && !zombie(s->pid)))
			continue;
		svc_child_exited(sup, s->pid, 0);
	}
}

static bool any_foreign(const struct svc_sup *sup)
{
	for (size_t i = 0; i < sup->n; i++)
		if (sup->svc[i].pid > 0 && sup->svc[i].foreign)
			return true;
	return false;
}

void svc_check_deadlines(struct svc_sup *sup, int64_t now)
{
	svc_timer_check(sup, now);
	for (size_t i = 0; i < sup->n; i++)
		if (sup->svc[i].deadline != 0 && now >= sup->svc[i].deadline)
			svc_dispatch(sup, i, SVC_EV_TIMEOUT);
}

/* Output of a service with a log file, as it comes, appended to that
 * file (PID 1 writes it, as Shepherd does, so that it can be rotated
 * without losing a line: svc_logrot.c).  Output the file cannot take (the
 * tmpfs is full, or the file could not be opened) is dropped: a service
 * never blocks on PID 1. */
static bool copy_output(struct svc *s)
{
	char buf[4096]; /* a page of the stack, given back with the rest when idle */

	for (int rounds = 0; rounds < 16; rounds++) {
		ssize_t n = read(s->out[0], buf, sizeof(buf));

		if (n <= 0)
			return false;
		for (ssize_t done = 0, w; s->log_fd >= 0 && done < n; done += w)
			if ((w = write(s->log_fd, buf + done, (size_t)(n - done))) <= 0)
				break;
	}
	return true;
}

/* Service output, line by line, into the system log under its name, or
 * into its log file.  True when more may be waiting (a bounded number of
 * reads per call). */
static bool read_output(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];

	if (s->conf->log_file != NULL)
		return copy_output(s);
	for (int rounds = 0; rounds < 16; rounds++) {
		ssize_t n = read(s->out[0], s->line + s->line_len, SVC_LINE_MAX - s->line_len);
		char *nl;

		if (n <= 0)
			return false;
		if (s->cut && s->line_len == 0 && s->line[0] == '\n') {
			/* the end of the line just cut: no empty line */
			memmove(s->line, s->line + 1, (size_t)n - 1);
			n--;
		}
		s->cut = false;
		s->line_len += (size_t)n;
		while ((nl = memchr(s->line, '\n', s->line_len)) != NULL) {
			size_t len = (size_t)(nl - s->line);

			svc_syslog_write(&sup->log, s->conf->name, s->log_pid, s->line, len);
			memmove(s->line, nl + 1, s->line_len - len - 1);
			s->line_len -= len + 1;
		}
		if (s->line_len == SVC_LINE_MAX) {
			svc_syslog_write(&sup->log, s->conf->name, s->log_pid, s->line,
			                 s->line_len);
			s->line_len = 0;
			s->cut = true;
		}
	}
	return true;
}

/* What service I's process wrote before it exited, which is in the pipe
 * by now, logged under its PID, with its last line even without a
 * newline: not joined to the next process's first line (a respawn's),
 * tagged with that one's PID, nor held back until the shutdown.  Bounded:
 * a pipe's worth, and what processes it left write meanwhile is read by
 * the loop later. */
static void flush_output(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];

	if (s->out[0] < 0)
		return;
	for (int k = 0; k < 16 && read_output(sup, i); k++)
		;
	if (s->line_len > 0)
		svc_syslog_write(&sup->log, s->conf->name, s->log_pid, s->line, s->line_len);
	s->line_len = 0;
	s->cut = false;
}

/* What services and syslog clients wrote just before the end. */
static void drain_output(struct svc_sup *sup)
{
	svc_syslog_recv(&sup->log);
	for (size_t i = 0; i < sup->n; i++)
		flush_output(sup, i);
}

/* ---- memory ------------------------------------------------------------ */

/* glibc's thread-exit hook for malloc: it returns the thread's cache of
 * freed chunks (tcache) to the heap and turns that cache off for the
 * thread.  Internal to glibc, hence weak: present in the static
 * gxsys-init, NULL in a dynamic link (the unit tests). */
extern void __malloc_arena_thread_freeres(void) __attribute__((weak));

/* PID 1 lives as long as the system: what setup freed must not stay
 * resident.  malloc_trim() gives back the free pages inside the heap, but
 * not the pages pinned by the chunks the tcache holds (up to 7 per size,
 * which is most of setup's garbage); the tunable that turns the tcache off
 * (glibc.malloc.tcache_count=0) is read only at start.  So: the tcache
 * off, its chunks back to the heap, the heap trimmed.  Later allocations
 * (none in the loop) come from the heap itself. */
static void release_heap(void)
{
	if (__malloc_arena_thread_freeres != NULL)
		__malloc_arena_thread_freeres();
	malloc_trim(0);
}

/* The stack below this frame is dead: setup (the launcher's boot.conf
 * parse, the mounts, the first forks and log lines) went deeper than the
 * idle loop does.  The kernel keeps those pages until told; a later deeper
 * call gets fresh zero pages.  Kept: everything from a little below this
 * frame up, which covers madvise()'s own frame (a system call stub).  The
 * 64 kB below are the stack's own mapping or the guard gap under it (no
 * other mapping comes within 1 MB of the stack): madvise() skips a hole. */
static __attribute__((noinline)) void release_stack(void)
{
	const uintptr_t page = (uintptr_t)getpagesize();
	const size_t span = 64 * 1024;
	volatile char here = 0;
	uintptr_t keep = ((uintptr_t)&here - 512) & ~(page - 1);

	madvise((void *)(keep - span), span, MADV_DONTNEED);
}

/* Unmap the pages of [START, END) (page-aligned) but those that are a
 * private copy: a page of code someone wrote into (a debugger's breakpoint,
 * through ptrace) exists nowhere else, and MADV_DONTNEED would put the
 * file's page back in its place.  /proc/self/pagemap tells them: present
 * and not a file page.  Without pagemap, nothing is unmapped. */
static void release_unmodified(int pagemap, uintptr_t start, uintptr_t end, uintptr_t page)
{
	uint64_t e[128];       /* 1 kB of the stack, which stays resident */
	uintptr_t run = start; /* the first page of the run to unmap */

	for (uintptr_t at = start; at < end;) {
		size_t want = (size_t)((end - at) / page);
		ssize_t n = pread(pagemap, e, (want < 128 ? want : 128) * sizeof(*e),
		                  (off_t)(at / page * sizeof(*e)));

		if (n <= 0)
			return;
		for (size_t k = 0; k < (size_t)n / sizeof(*e); k++, at += page) {
			bool private_copy = (e[k] >> 63 & 1) && !(e[k] >> 61 & 1);

			if (!private_copy)
				continue;
			if (at > run)
				madvise((void *)run, at - run, MADV_DONTNEED);
			run = at + page;
		}
	}
	if (end > run)
		madvise((void *)run, end - run, MADV_DONTNEED);
}

/* The binary's read-only segments (code, constants, ELF headers): what
 * ran before (the launcher's boot.conf parse in the memory PID 1 took
 * over, the file system setup, the spawns) mapped their pages, and they
 * would stay in PID 1's resident set for its life though the idle loop
 * runs a small part of them.  Unmapped (but a debugger's breakpoints,
 * release_unmodified) once the system has been settled and quiet for
 * SVC_CODE_RELEASE_MS (not on the boot's path, nor between
 * a short COMMAND and the shutdown): the page cache keeps them, and what
 * runs later maps its pages again.  Never a writable segment, whose pages
 * may be private copies (relocations): only the program's own read-only
 * PT_LOAD segments. */
static int release_code_segments(struct dl_phdr_info *info, size_t size, void *data)
{
	const uintptr_t page = (uintptr_t)getpagesize();
	int pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);

	(void)size;
	(void)data;
	for (size_t i = 0; pagemap >= 0 && i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = (uintptr_t)info->dlpi_addr + ph->p_vaddr;
		uintptr_t end = (start + ph->p_memsz + page - 1) & ~(page - 1);

		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W))
			continue;
		release_unmodified(pagemap, start & ~(page - 1), end, page);
	}
	if (pagemap >= 0)
		close(pagemap);
	return 1; /* the program itself, the first entry, only */
}

/* When the loop is about to wait with everything started, after setup
 * and again after any later spawn (whose child ran on a buffer deep in
 * our stack): what the system keeps for its life is all allocated by then,
 * and the rest can go, once the system has been quiet for
 * SVC_CODE_RELEASE_MS: the heap, the stack and the code pages (see above)
 * together, never between a spawn and the child's work (a short COMMAND,
 * which the releases' page-table work held up). */
static bool memory_settled(const struct svc_sup *sup)
{
	return sup->phase == SVC_PH_RUN && services_settled(sup);
}

/* When the code pages are to go (settle_memory), or 0. */
static int64_t code_release_due(const struct svc_sup *sup)
{
	return !sup->memory_dirty && memory_settled(sup) ? sup->code_release_at : 0;
}

static void settle_memory(struct svc_sup *sup, int64_t now)
{
	if (sup->memory_dirty && memory_settled(sup)) {
		sup->memory_dirty = false;
		sup->code_release_at = now + SVC_CODE_RELEASE_MS;
	} else if (code_release_due(sup) != 0 && now >= sup->code_release_at) {
		sup->code_release_at = 0;
		release_heap();
		release_stack();
		dl_iterate_phdr(release_code_segments, NULL);
		release_stack(); /* what that touched below us */
	}
}

/* ---- the loop ---------------------------------------------------------- */

static bool waiting_for_pid_file(const struct svc_sup *sup, bool watched)
{
	for (size_t i = 0; i < sup->n; i++)
		if (sup->svc[i].state == SVC_STARTING && sup->svc[i].conf->pid_file != NULL &&
		    sup->svc[i].pid_watched == watched)
			return true;
	return false;
}

/* Watch the directory of the PID file FILE on FD.  Apart, with its buffer:
 * the loop calls watch_pid_files at every turn, and a frame this large is
 * touched (stack clash probes) whether it is used or not. */
static __attribute__((noinline)) bool add_pid_watch(int fd, const char *file)
{
	size_t len = gx_dir_len(file);
	char dir[PATH_MAX];

	if (len == 0 || len >= sizeof(dir))
		return false;
	memcpy(dir, file, len);
	dir[len] = '\0';
	return inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY | IN_ONLYDIR) >=
	       0;
}

/* While services wait for their PID files, the files' directories are
 * watched (inotify): a PID file is read as soon as it is written, where
 * polling for it (as Shepherd does) found it up to 0.1 s later, a delay
 * that every dependent and the `--` COMMAND waited too.  A directory that
 * cannot be watched (not there yet) is polled.  The watch goes once
 * nothing waits.  Returns whether a watch was added: a file written before
 * it must be looked for once more, without waiting. */
static bool watch_pid_files(struct svc_sup *sup)
{
	bool added = false;

	if (!waiting_for_pid_file(sup, false) && !waiting_for_pid_file(sup, true)) {
		if (sup->pid_watch >= 0) {
			close(sup->pid_watch);
			sup->pid_watch = -1;
			for (size_t i = 0; i < sup->n; i++)
				sup->svc[i].pid_watched = false;
		}
		return false;
	}
	if (sup->pid_watch < 0)
		sup->pid_watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	for (size_t i = 0; i < sup->n && sup->pid_watch >= 0; i++) {
		struct svc *s = &sup->svc[i];

		if (s->state == SVC_STARTING && s->conf->pid_file != NULL && !s->pid_watched &&
		    add_pid_watch(sup->pid_watch, s->conf->pid_file))
			s->pid_watched = added = true;
	}
	return added;
}

/* The watch's events say only "look again": the loop reads every file. */
static void drain_pid_watch(int fd)
{
	char buf[sizeof(struct inotify_event) + NAME_MAX + 1]
	        __attribute__((aligned(__alignof__(struct inotify_event))));

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static int poll_timeout(const struct svc_sup *sup, int64_t now)
{
	int64_t next = svc_ctl_deadline(sup, now);
	int64_t timers = svc_timer_deadline(sup);

	if (timers < next)
		next = timers;

	for (size_t i = 0; i < sup->n; i++)
		if (sup->svc[i].deadline != 0 && sup->svc[i].deadline < next)
			next = sup->svc[i].deadline;
	if (sup->phase == SVC_PH_TERM_ALL || sup->phase == SVC_PH_KILL_ALL) {
		if (sup->phase_deadline < next)
			next = sup->phase_deadline;
	}
	if (waiting_for_pid_file(sup, false) && now + SVC_PID_FILE_POLL_MS < next)
		next = now + SVC_PID_FILE_POLL_MS;
	if (waiting_for_pid_file(sup, true) && now + SVC_PID_FILE_WATCH_MS < next)
		next = now + SVC_PID_FILE_WATCH_MS;
	if (any_foreign(sup) && now + SVC_FOREIGN_POLL_MS < next)
		next = now + SVC_FOREIGN_POLL_MS;
	if (code_release_due(sup) != 0 && sup->code_release_at < next)
		next = sup->code_release_at;
	if (next == INT64_MAX)
		return -1;
	if (next <= now)
		return 0;
	return next - now > INT_MAX ? INT_MAX : (int)(next - now);
}

static void fill_pollfds(struct svc_sup *sup, int64_t now)
{
	sup->pfd[PFD_SIGNAL] = (struct pollfd){ .fd = sup->sigfd, .events = POLLIN };
	sup->pfd[PFD_SYSLOG] = (struct pollfd){ .fd = sup->log.sock, .events = POLLIN };
	sup->pfd[PFD_PID_WATCH] = (struct pollfd){ .fd = sup->pid_watch, .events = POLLIN };
	sup->pfd[PFD_JOB] = (struct pollfd){ .fd = launch_job_fd(), .events = POLLIN };
	svc_ctl_pollfds(sup, &sup->pfd[PFD_CONTROL], now);
	for (size_t i = 0; i < sup->n; i++)
		sup->pfd[PFD_SERVICES + i] =
		        (struct pollfd){ .fd = sup->svc[i].out[0], .events = POLLIN };
}

static void handle_fds(struct svc_sup *sup, int64_t now)
{
	if (sup->pfd[PFD_SIGNAL].revents != 0)
		read_signals(sup);
	if (sup->pfd[PFD_SYSLOG].revents != 0)
		svc_syslog_recv(&sup->log);
	if (sup->pfd[PFD_PID_WATCH].revents != 0)
		drain_pid_watch(sup->pid_watch);
	if (sup->pfd[PFD_JOB].revents != 0)
		read_job(sup);
	for (size_t i = 0; i < sup->n; i++)
		if (sup->pfd[PFD_SERVICES + i].revents != 0)
			read_output(sup, i);
	svc_ctl_handle(sup, &sup->pfd[PFD_CONTROL], now);
}

static void loop(struct svc_sup *sup)
{
	bool poll_failed = false;

	while (sup->phase != SVC_PH_DONE) {
		int64_t now = svc_now_ms();

		svc_check_deadlines(sup, now);
		check_pid_files(sup);
		reap(sup);
		check_foreign(sup);
		svc_schedule(sup);
		svc_ctl_progress(sup);
		if (sup->phase == SVC_PH_DONE)
			break;
		settle_memory(sup, now);
		launch_ready();
		bool recheck = watch_pid_files(sup);
		fill_pollfds(sup, now);
		if (poll(sup->pfd, sup->n_pfd, recheck ? 0 : poll_timeout(sup, now)) < 0) {
			/* Said once, and tried again a little later: PID 1 does
			 * not stop, nor loop on a CPU filling the log. */
			if (errno != EINTR && !poll_failed) {
				svc_log(sup, "poll: %s", strerror(errno));
				poll_failed = true;
			}
			if (errno != EINTR)
				nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000000L }, NULL);
			continue;
		}
		poll_failed = false;
		handle_fds(sup, svc_now_ms());
	}
}

/* ---- setup and teardown ------------------------------------------------ */

/* All signals blocked but the synchronous faults, which must kill us
 * (better a crash report than a spinning PID 1); the rest via signalfd. */
static int setup_signals(struct svc_sup *sup, struct gx_error **err)
{
	static const int faults[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS, SIGABRT };
	sigset_t set;

	sigfillset(&set);
	for (size_t k = 0; k < sizeof(faults) / sizeof(faults[0]); k++)
		sigdelset(&set, faults[k]);
	if (sigprocmask(SIG_SETMASK, &set, NULL) < 0)
		return gx_fail_errno(err, "sigprocmask");
	sup->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sup->sigfd < 0)
		return gx_fail_errno(err, "signalfd");
	return 0;
}

static char *const default_env[] = { (char *)SVC_DEFAULT_PATH, NULL };

/* Whether service S's output goes through a pipe to PID 1 (into the
 * syslog, or its log file): it runs something (its command, or a marker's
 * stop command). */
static bool has_output_pipe(const struct bc_service *s)
{
	return s->command != NULL || s->stop_command != NULL;
}

static unsigned respawn_max(const struct bc_service *c)
{
	return c->respawn_max > 0 ? (unsigned)c->respawn_max : SVC_RESPAWN_MAX;
}

/* One block for what PID 1 keeps per service for its whole life (one heap
 * chunk, not four per service scattered over the heap): the service
 * records, the poll slots, the respawn rings, the output line buffers. */
static void alloc_services(struct svc_sup *sup, const struct boot_conf *bc)
{
	size_t n_lines = 0, n_respawns = 0;
	char *p;

	for (size_t i = 0; i < bc->n_services; i++) {
		n_lines += has_output_pipe(&bc->services[i]) && bc->services[i].log_file == NULL;
		n_respawns += respawn_max(&bc->services[i]);
	}
	sup->n = bc->n_services;
	sup->n_pfd = PFD_SERVICES + sup->n;
	p = gx_xcalloc(1, (sup->n + 1) * sizeof(*sup->svc) + sup->n_pfd * sizeof(*sup->pfd) +
	                          n_respawns * sizeof(int64_t) + n_lines * SVC_LINE_MAX);
	sup->svc = (struct svc *)p;
	p += (sup->n + 1) * sizeof(*sup->svc);
	sup->pfd = (struct pollfd *)p;
	p += sup->n_pfd * sizeof(*sup->pfd);
	for (size_t i = 0; i < sup->n; i++) { /* the respawn rings, 8-aligned */
		const struct bc_service *c = &bc->services[i];
		struct svc_respawns *r = &sup->svc[i].respawns;

		r->at = (int64_t *)(void *)p;
		r->max = respawn_max(c);
		r->window_ms = c->respawn_window > 0 ? 1000 * (int64_t)c->respawn_window
		                                     : SVC_RESPAWN_WINDOW_MS;
		p += r->max * sizeof(int64_t);
	}
	for (size_t i = 0; i < sup->n; i++) {
		if (!has_output_pipe(&bc->services[i]) || bc->services[i].log_file != NULL)
			continue;
		sup->svc[i].line = p;
		p += SVC_LINE_MAX;
	}
}

/* poll() refuses more entries than the descriptors' soft limit (EINVAL),
 * and each service has a slot and an output pipe: with about a thousand
 * services under the usual 1024, PID 1 polled in vain in a loop.  The
 * soft limit is raised to what the services need (up to the hard limit);
 * services and COMMAND get the one PID 1 was given. */
static void raise_nofile(const struct svc_sup *sup)
{
	struct rlimit rl, up;
	rlim_t need = (rlim_t)(sup->n_pfd + sup->n + SVC_CTL_CLIENTS + 64);

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= need)
		return;
	up = rl;
	up.rlim_cur = need < rl.rlim_max ? need : rl.rlim_max;
	if (up.rlim_cur > rl.rlim_cur && setrlimit(RLIMIT_NOFILE, &up) == 0)
		svc_spawn_keep_nofile(&rl);
}

int svc_sup_init(struct svc_sup *sup, const struct boot_conf *bc, char *const *command,
                 struct gx_error **err)
{
	memset(sup, 0, sizeof(*sup));
	sup->bc = bc;
	sup->command = command;
	sup->sigfd = sup->nullfd = sup->ctl_listen = sup->pid_watch = -1;
	sup->log.sock = sup->log.file = -1;
	for (size_t k = 0; k < SVC_CTL_CLIENTS; k++)
		sup->client[k].fd = -1;
	if (svc_graph_build(&sup->graph, bc->services, bc->n_services, err) < 0)
		return -1;
	alloc_services(sup, bc);
	raise_nofile(sup);
	for (size_t i = 0; i < sup->n; i++) {
		struct svc *s = &sup->svc[i];

		s->conf = &bc->services[i];
		s->node = &sup->graph.node[i];
		s->out[0] = s->out[1] = s->log_fd = -1;
		s->envp = s->conf->environment != NULL ? s->conf->environment : default_env;
	}
	return 0;
}

static int setup_service(struct svc_sup *sup, size_t i, struct gx_error **err)
{
	struct svc *s = &sup->svc[i];

	if (!has_output_pipe(s->conf))
		return 0;
	if (pipe2(s->out, O_CLOEXEC) < 0)
		return gx_fail_errno(err, "pipe for service '%s'", s->conf->name);
	fcntl(s->out[0], F_SETFL, O_NONBLOCK);
	return 0;
}

static int setup(struct svc_sup *sup, const struct boot_conf *bc, char *const *command,
                 struct gx_error **err)
{
	struct gx_error *soft = NULL;

	if (svc_sup_init(sup, bc, command, err) < 0)
		return -1;
	sup->memory_dirty = true;
	sup->pid1 = getpid() == 1;
	/* A closed 0, 1 or 2 would be taken by our pipes and then confuse
	 * the children's dup2() onto them: fill any hole with /dev/null. */
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0)
			return gx_fail_errno(err, "open /dev/null");
	for (size_t i = 0; i < sup->n; i++)
		if (setup_service(sup, i, err) < 0)
			return -1;
	sup->nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (sup->nullfd < 0)
		return gx_fail_errno(err, "open /dev/null");
	if (setup_signals(sup, err) < 0)
		return -1;
	/* Daemons that double-fork must come back to us even when we are
	 * not PID 1 (tests); as PID 1 this is what happens anyway. */
	prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
	if (mkdir("/var/log", 0755) < 0 && errno != EEXIST)
		svc_log(sup, "warning: mkdir /var/log: %s", strerror(errno));
	if (svc_syslog_open(&sup->log, SVC_SYSLOG_SOCKET, SVC_SYSLOG_FILE, &soft) < 0) {
		svc_log(sup, "warning: %s", soft->msg);
		gx_error_free(steal_pointer(&soft));
	}
	if (svc_ctl_open(sup, SVC_CONTROL_PATH, &soft) < 0) {
		svc_log(sup, "warning: %s", soft->msg);
		gx_error_free(soft);
	}
	return 0;
}

void svc_sup_free(struct svc_sup *sup)
{
	svc_ctl_close(sup, SVC_CONTROL_PATH);
	svc_syslog_close(&sup->log);
	for (size_t i = 0; sup->svc != NULL && i < sup->n; i++) {
		if (sup->svc[i].out[0] >= 0)
			close(sup->svc[i].out[0]);
		if (sup->svc[i].out[1] >= 0)
			close(sup->svc[i].out[1]);
		if (sup->svc[i].log_fd >= 0)
			close(sup->svc[i].log_fd);
	}
	free(sup->svc); /* with the poll slots and line buffers */
	free(sup->runs);
	svc_graph_free(&sup->graph);
	if (sup->sigfd >= 0)
		close(sup->sigfd);
	if (sup->nullfd >= 0)
		close(sup->nullfd);
	if (sup->pid_watch >= 0)
		close(sup->pid_watch);
}

static int exit_status(const struct svc_sup *sup)
{
	if (sup->command == NULL)
		return GX_EXIT_OK;
	if (sup->command_done)
		return sup->command_status;
	/* Shut down before COMMAND could finish: it was killed, or never ran. */
	return sup->shutdown_signal > 0 ? 128 + sup->shutdown_signal : GX_EXIT_FAILURE;
}

int svc_run(const struct boot_conf *bc, char *const *command)
{
	/* On the heap, not in this frame, which stays for the life of the
	 * system under the loop: the stack above the loop is all of it. */
	_cleanup_free_ struct svc_sup *sup = NULL;
	struct gx_error *err = NULL;
	int status;

	/* The heap as setup left it: its garbage, in pages already faulted
	 * in, takes the supervisor's allocations (trimmed first, each of
	 * those pages faulted again on the way to the first service; the
	 * trim waits for settle_memory).  The time zone first (the system
	 * log's time stamps): glibc reads /etc/localtime through a stdio
	 * buffer it frees at once, and what the supervisor keeps fills that
	 * hole instead of sitting beyond it. */
	tzset();
	sup = gx_xmalloc(sizeof(*sup));
	if (setup(sup, bc, command, &err) < 0) {
		launch_ready();
		gx_error_print("gxsys-init", err);
		status = err->status;
		gx_error_free(err);
		svc_sup_free(sup);
		return status;
	}
	svc_log(sup, "Starting services...");
	for (size_t i = 0; i < sup->n; i++)
		if (sup->svc[i].conf->auto_start)
			svc_request_start(sup, i);
	loop(sup);
	launch_ready();
	drain_output(sup);
	status = exit_status(sup);
	svc_log(sup, "Shutdown complete.");
	svc_sup_free(sup);
	return status;
}
