/* Timers, as Shepherd's make-timer-constructor: a timer service is up
 * without a process of its own; on every instant of local time that its
 * calendar event allows (boot.conf's `timer` section, struct bc_timer), it
 * runs its command as the service (user, groups, environment, directory,
 * log).  Its runs are tracked here, beside the services' own processes:
 * their exits are logged, a run past its max-duration gets the service's
 * stop signal (SIGKILL after the stop grace), and after `occurrences` runs
 * the timer stops itself.  `herd trigger NAME` runs the command at once.
 *
 * Wall-clock times are turned into poll deadlines on the monotonic clock,
 * at most SVC_TIMER_RECHECK_MS ahead: a clock set forward (NTP, a resumed
 * host) delays a run by that much at most, and the instants it skipped
 * make one run; a clock set back by more than SVC_TIMER_CLOCK_BACK_S starts
 * the calendar again from the new time, one set back by less waits. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "svc_int.h"
#include "util.h"

#define SVC_TIMER_SEARCH_DAYS (366 * 8 + 2) /* a 29 February, and then some */

/* ---- the calendar (pure) ----------------------------------------------- */

static bool has(uint64_t set, int v)
{
	return set == 0 || (set >> v & 1) != 0;
}

static bool day_allowed(const struct bc_timer *t, const struct tm *tm)
{
	bool dom = has(t->days_of_month, tm->tm_mday);
	bool dow = has(t->days_of_week, tm->tm_wday);

	if (!has(t->months, tm->tm_mon + 1))
		return false;
	/* Vixie cron's rule: both restricted, either one will do. */
	if (t->days_of_month != 0 && t->days_of_week != 0)
		return dom || dow;
	return dom && dow;
}

/* The first allowed instant of the day in *DAY (its date) at or after
 * H:M:S, as a time_t; -1 if none.  A local time that does not exist (the
 * hour skipped when summer time begins) is not an instant of that day. */
static time_t first_in_day(const struct bc_timer *t, const struct tm *day, int h0, int m0, int s0,
                           time_t after)
{
	for (int h = h0; h < 24; h++) {
		if (!has(t->hours, h))
			continue;
		for (int m = h == h0 ? m0 : 0; m < 60; m++) {
			if (!has(t->minutes, m))
				continue;
			for (int s = h == h0 && m == m0 ? s0 : 0; s < 60; s++) {
				struct tm tm = *day;
				time_t r;

				if (!has(t->seconds, s))
					continue;
				tm.tm_hour = h, tm.tm_min = m, tm.tm_sec = s;
				tm.tm_isdst = -1;
				r = mktime(&tm);
				if (r != (time_t)-1 && tm.tm_hour == h && tm.tm_min == m &&
				    tm.tm_mday == day->tm_mday && r > after)
					return r;
			}
		}
	}
	return -1;
}

time_t svc_timer_next(const struct bc_timer *t, time_t after)
{
	time_t from = after + 1;
	struct tm now, day;

	if (localtime_r(&from, &now) == NULL)
		return -1;
	day = now;
	for (int k = 0; k < SVC_TIMER_SEARCH_DAYS; k++) {
		if (day_allowed(t, &day)) {
			time_t r = k == 0 ? first_in_day(t, &day, now.tm_hour, now.tm_min,
			                                 now.tm_sec, after)
			                  : first_in_day(t, &day, 0, 0, 0, after);

			if (r > after)
				return r;
		}
		/* the next day, at noon: no summer time change is at noon */
		day.tm_mday++;
		day.tm_hour = 12, day.tm_min = 0, day.tm_sec = 0;
		day.tm_isdst = -1;
		if (mktime(&day) == (time_t)-1)
			return -1;
	}
	return -1;
}

/* ---- the runs ---------------------------------------------------------- */

/* Timer messages go to the system log only: a timer that runs every
 * minute would fill the console otherwise. */
static void timer_log(struct svc_sup *sup, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static void timer_log(struct svc_sup *sup, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	svc_vlog(sup, false, fmt, ap);
	va_end(ap);
}

/* The poll deadline for the wall-clock instant AT, from WALL (ms): to the
 * millisecond, so that a run starts at its second, not up to a second
 * late. */
static int64_t deadline_for(time_t at, int64_t wall, int64_t now_ms)
{
	int64_t ahead = (int64_t)at * 1000 > wall ? (int64_t)at * 1000 - wall : 0;

	if (ahead > SVC_TIMER_RECHECK_MS)
		ahead = SVC_TIMER_RECHECK_MS;
	return now_ms + ahead;
}

/* Schedule the next run after the instant AFTER; false when the calendar
 * has none (logged). */
static bool schedule_after(struct svc_sup *sup, size_t i, time_t after, int64_t now_ms)
{
	struct svc *s = &sup->svc[i];

	s->timer_from = after;
	s->timer_next = svc_timer_next(s->conf->timer, after);
	if (s->timer_next == (time_t)-1) {
		s->timer_at = 0;
		svc_log(sup, "Timer %s: its calendar event never occurs.", s->conf->name);
		return false;
	}
	s->timer_at = deadline_for(s->timer_next, svc_wall_ms(), now_ms);
	return true;
}

/* The same, once started: a calendar with no more instant stops the
 * timer. */
static void reschedule(struct svc_sup *sup, size_t i, time_t after, int64_t now_ms)
{
	if (!schedule_after(sup, i, after, now_ms))
		svc_request_stop(sup, i, false);
}

bool svc_timer_start(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];

	s->timer_runs = 0;
	s->timer_held = false;
	return schedule_after(sup, i, (time_t)(svc_wall_ms() / 1000), svc_now_ms());
}

void svc_timer_cancel(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];

	s->timer_at = 0;
	s->timer_held = false;
}

/* Run service I's command now.  Returns its PID, or -1 (logged). */
static pid_t run(struct svc_sup *sup, size_t i)
{
	struct svc *s = &sup->svc[i];
	const struct bc_service *c = s->conf;
	int64_t now = svc_now_ms();
	int log_errno;
	pid_t pid;

	if (sup->n_runs == sup->cap_runs) {
		/* PID 1 never aborts: out of memory, a run is skipped */
		size_t cap = sup->cap_runs ? 2 * sup->cap_runs : 4;
		struct svc_run *runs = realloc(sup->runs, cap * sizeof(*runs));

		if (runs == NULL) {
			svc_log(sup, "Timer %s: run skipped: out of memory.", c->name);
			return -1;
		}
		sup->runs = runs;
		sup->cap_runs = cap;
	}
	log_errno = svc_log_reopen(sup, i);
	pid = svc_spawn_service(c, c->command, s->envp, sup->nullfd, s->out[1], log_errno);
	sup->memory_dirty = true; /* the spawn's stack */
	if (pid < 0) {
		svc_log(sup, "Timer %s: fork failed: %s", c->name, strerror(errno));
		return -1;
	}
	if (log_errno != 0)
		svc_log_file_error(sup, c, log_errno, "");
	s->log_pid = pid;
	s->timer_running++;
	s->timer_runs++;
	sup->runs[sup->n_runs++] = (struct svc_run){
		.pid = pid,
		.svc = i,
		.kill_at = c->timer->max_duration > 0 ? now + 1000 * (int64_t)c->timer->max_duration
		                                      : 0,
	};
	timer_log(sup, "Timer %s: running process %d.", c->name, (int)pid);
	if (c->timer->occurrences > 0 && s->timer_runs >= (unsigned)c->timer->occurrences) {
		timer_log(sup, "Timer %s: its last occurrence (%d) has come.", c->name,
		          c->timer->occurrences);
		svc_timer_cancel(sup, i);
		svc_request_stop(sup, i, false);
	}
	return pid;
}

int svc_timer_trigger(struct svc_sup *sup, size_t i, pid_t *pid)
{
	struct svc *s = &sup->svc[i];

	*pid = 0;
	if (s->conf->timer == NULL)
		return -ENOTSUP;
	if (s->state != SVC_RUNNING)
		return -ESRCH;
	if (s->conf->timer->wait_for_termination && s->timer_running > 0)
		return -EBUSY;
	*pid = run(sup, i);
	return *pid < 0 ? -EAGAIN : 0;
}

static void fire(struct svc_sup *sup, size_t i, int64_t now)
{
	struct svc *s = &sup->svc[i];
	int64_t ms = svc_wall_ms();
	time_t wall = (time_t)(ms / 1000), due = s->timer_next;

	if (wall < due) { /* early: the wait was capped, or the clock went back */
		/* Set back by more than SVC_TIMER_CLOCK_BACK_S since the run was
		 * scheduled (a clock corrected by years, by days): the calendar
		 * starts again from the new time.  By less: the run waits for
		 * its instant as it was, rather than running instants again. */
		if (wall < s->timer_from - SVC_TIMER_CLOCK_BACK_S) {
			timer_log(sup, "Timer %s: the clock went back; its calendar starts again.",
			          s->conf->name);
			reschedule(sup, i, wall, now);
			return;
		}
		s->timer_at = deadline_for(due, ms, now);
		return;
	}
	if (s->conf->timer->wait_for_termination && s->timer_running > 0) {
		/* Shepherd waits for the run to end, then for the next event
		 * after that: held until the run exits. */
		s->timer_at = 0;
		s->timer_held = true;
		return;
	}
	/* The instants missed while the clock jumped forward are one run. */
	reschedule(sup, i, wall > due ? wall : due, now);
	run(sup, i);
}

static void overdue(struct svc_sup *sup, struct svc_run *r, int64_t now)
{
	const struct bc_service *c = sup->svc[r->svc].conf;
	int sig = c->stop_signal > 0 ? c->stop_signal : SIGTERM;

	if (r->killed) { /* a zombie of another parent: given up */
		r->kill_at = 0;
		return;
	}
	if (r->termed) {
		timer_log(sup, "Timer %s: process %d did not stop within %d s: sending SIGKILL.",
		          c->name, (int)r->pid, SVC_STOP_GRACE_MS / 1000);
		svc_signal_group(r->pid, SIGKILL);
		r->killed = true;
	} else {
		timer_log(sup,
		          "Timer %s: process %d has run for %d s, its maximum: sending signal %d.",
		          c->name, (int)r->pid, c->timer->max_duration, sig);
		svc_signal_group(r->pid, sig);
		r->termed = true;
	}
	r->kill_at = now + SVC_STOP_GRACE_MS;
}

void svc_timer_check(struct svc_sup *sup, int64_t now)
{
	for (size_t i = 0; i < sup->n; i++) {
		struct svc *s = &sup->svc[i];

		if (s->conf->timer != NULL && s->timer_at != 0 && now >= s->timer_at &&
		    s->state == SVC_RUNNING && sup->phase == SVC_PH_RUN)
			fire(sup, i, now);
	}
	for (size_t k = 0; k < sup->n_runs; k++)
		if (sup->runs[k].kill_at != 0 && now >= sup->runs[k].kill_at)
			overdue(sup, &sup->runs[k], now);
}

int64_t svc_timer_deadline(const struct svc_sup *sup)
{
	int64_t next = INT64_MAX;

	if (sup->phase == SVC_PH_RUN)
		for (size_t i = 0; i < sup->n; i++)
			if (sup->svc[i].timer_at != 0 && sup->svc[i].state == SVC_RUNNING &&
			    sup->svc[i].timer_at < next)
				next = sup->svc[i].timer_at;
	for (size_t k = 0; k < sup->n_runs; k++)
		if (sup->runs[k].kill_at != 0 && sup->runs[k].kill_at < next)
			next = sup->runs[k].kill_at;
	return next;
}

ssize_t svc_timer_run_of(const struct svc_sup *sup, pid_t pid)
{
	for (size_t k = 0; k < sup->n_runs; k++)
		if (sup->runs[k].pid == pid)
			return (ssize_t)k;
	return -1;
}

void svc_timer_reaped(struct svc_sup *sup, size_t k, int wstatus)
{
	pid_t pid = sup->runs[k].pid;
	size_t i = sup->runs[k].svc;
	struct svc *s = &sup->svc[i];
	char why[48];

	sup->runs[k] = sup->runs[--sup->n_runs];
	s->timer_running--;
	svc_describe_status(why, sizeof(why), wstatus);
	timer_log(sup, "Timer %s: process %d %s (%s).", s->conf->name, (int)pid,
	          wstatus == 0 ? "completed" : "failed", why);
	if (s->timer_held && s->timer_running == 0 && s->state == SVC_RUNNING) {
		s->timer_held = false;
		reschedule(sup, i, (time_t)(svc_wall_ms() / 1000), svc_now_ms());
	}
}
