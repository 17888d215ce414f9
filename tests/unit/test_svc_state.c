/* Unit tests of the service state machine: the state x event table, the
 * respawn limit arithmetic, exit classification, and the supervisor's
 * scheduling driven through its sys seam (spawn, signals and the clock are
 * mocked with -Wl,--wrap: no process is forked, nothing is signalled). */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "svc_int.h"

#define V(...) ((char **)(const char *[]){ __VA_ARGS__, NULL })
#define EXIT(code) ((code) << 8) /* a wait status */
#define KILLED(sig) (sig)

/* ---- the mocked seam ---------------------------------------------------- */

static int64_t clock_ms = 1000000;
static pid_t next_pid = 100;
static char spawned[64][16]; /* names in spawn order */
static size_t n_spawned;
static struct {
	pid_t pid;
	int sig;
} signals[64];
static size_t n_signals;

pid_t __wrap_svc_spawn_service(const struct bc_service *s, char *const *argv, char *const *envp,
                               int nullfd, int out_fd, int log_errno);
pid_t __wrap_svc_spawn_service(const struct bc_service *s, char *const *argv, char *const *envp,
                               int nullfd, int out_fd, int log_errno)
{
	(void)envp, (void)nullfd, (void)out_fd, (void)log_errno;
	assert_true(n_spawned < 64);
	/* A stop command is recorded as "NAME:stop". */
	snprintf(spawned[n_spawned++], sizeof spawned[0], "%s%s", s->name,
	         argv == s->command ? "" : ":stop");
	return next_pid++;
}

pid_t __wrap_svc_spawn_command(char *const *command, bool foreground);
pid_t __wrap_svc_spawn_command(char *const *command, bool foreground)
{
	(void)command, (void)foreground;
	assert_true(n_spawned < 64);
	strcpy(spawned[n_spawned++], "COMMAND");
	return next_pid++;
}

void __wrap_svc_signal_group(pid_t pid, int sig);
void __wrap_svc_signal_group(pid_t pid, int sig)
{
	assert_true(n_signals < 64);
	signals[n_signals].pid = pid;
	signals[n_signals++].sig = sig;
}

int64_t __wrap_svc_now_ms(void);
int64_t __wrap_svc_now_ms(void)
{
	return clock_ms;
}

/* The wall clock: 2027-01-15 12:00:00 UTC (TZ is UTC0 here), plus what
 * the monotonic one has run since reset, plus wall_shift (a clock set). */
#define WALL0 INT64_C(1800014400000)
static int64_t wall_shift;

int64_t __wrap_svc_wall_ms(void);
int64_t __wrap_svc_wall_ms(void)
{
	return WALL0 + (clock_ms - 1000000) + wall_shift;
}

static int reset(void **state)
{
	(void)state;
	clock_ms = 1000000;
	wall_shift = 0;
	next_pid = 100;
	n_spawned = n_signals = 0;
	setenv("TZ", "UTC0", 1);
	tzset();
	return 0;
}

static struct bc_service S(const char *name, char **req) {
	/* static: a compound literal (V) here would end with this call */
	static const char *true_command[] = { "/bin/true", NULL };
	struct bc_service s;

	memset(&s, 0, sizeof(s));
	s.name = (char *)name;
	s.provision = NULL;
	s.requirement = req;
	s.command = (char **)true_command;
	s.auto_start = true;
	s.stop_signal = SIGTERM;
	return s;
}

static void
start(struct svc_sup *sup, struct bc_service *s, size_t n, char *const *command)
{
	static struct boot_conf bc;
	struct gx_error *err = NULL;

	memset(&bc, 0, sizeof(bc));
	bc.services = s;
	bc.n_services = n;
	assert_int_equal(svc_sup_init(sup, &bc, command, &err), 0);
	for (size_t i = 0; i < n; i++)
		if (s[i].auto_start)
			svc_request_start(sup, i);
	svc_schedule(sup);
}

static ssize_t spawn_index(const char *name)
{
	for (size_t k = 0; k < n_spawned; k++)
		if (strcmp(spawned[k], name) == 0)
			return (ssize_t)k;
	return -1;
}

/* ---- pure parts --------------------------------------------------------- */

static void test_table(void **state)
{
	(void)state;
	/* every entry leads to a real state */
	for (int st = 0; st < SVC_N_STATES; st++)
		for (int ev = 0; ev < SVC_N_EVENTS; ev++)
			assert_true(svc_transition(st, ev).next < SVC_N_STATES);
	assert_int_equal(svc_transition(SVC_STOPPED, SVC_EV_START).next, SVC_WAITING);
	assert_int_equal(svc_transition(SVC_WAITING, SVC_EV_DEPS_UP).action, SVC_A_SPAWN);
	assert_int_equal(svc_transition(SVC_RUNNING, SVC_EV_STOP).action, SVC_A_TERM);
	assert_int_equal(svc_transition(SVC_STOPPING, SVC_EV_TIMEOUT).action, SVC_A_KILL);
	assert_int_equal(svc_transition(SVC_DONE, SVC_EV_STOP).action, SVC_A_UNDO);
	assert_int_equal(svc_transition(SVC_STOPPING, SVC_EV_NO_UNDO).next, SVC_STOPPED);
	assert_int_equal(svc_transition(SVC_RUNNING, SVC_EV_DIED_LIMIT).next, SVC_DISABLED);
	assert_int_equal(svc_transition(SVC_RESPAWN_WAIT, SVC_EV_TIMEOUT).next, SVC_STARTING);
	/* ignored events */
	assert_int_equal(svc_transition(SVC_RUNNING, SVC_EV_START).action, SVC_A_IGNORE);
	assert_int_equal(svc_transition(SVC_STOPPED, SVC_EV_STOP).action, SVC_A_IGNORE);
	assert_int_equal(svc_transition(SVC_DISABLED, SVC_EV_TIMEOUT).action, SVC_A_IGNORE);
	assert_int_equal(svc_transition(SVC_DISABLED, SVC_EV_ENABLE).next, SVC_STOPPED);
	assert_int_equal(svc_transition(SVC_RUNNING, SVC_EV_ENABLE).action, SVC_A_IGNORE);
	assert_int_equal(svc_transition(SVC_N_STATES, SVC_EV_START).action, SVC_A_IGNORE);
	assert_int_equal(svc_transition(SVC_STOPPED, SVC_EV_NONE).action, SVC_A_IGNORE);
	assert_string_equal(svc_state_name(SVC_RESPAWN_WAIT), "respawning");
	assert_string_equal(svc_state_name(SVC_N_STATES), "?");
	assert_string_equal(svc_event_name(SVC_EV_DEPS_UP), "deps-up");
	for (int st = 0; st < SVC_N_STATES; st++)
		assert_non_null(svc_state_name(st));
}

static void test_respawn_limit(void **state)
{
	int64_t ring[SVC_RESPAWN_MAX];
	struct svc_respawns r = { ring, SVC_RESPAWN_MAX, SVC_RESPAWN_WINDOW_MS, 0 };
	int64_t t = 50000;

	(void)state;
	/* 6 respawns in quick succession are allowed, the 7th is not: more
	 * than 5, as Shepherd counts them */
	for (int k = 0; k <= SVC_RESPAWN_MAX; k++) {
		assert_true(svc_respawn_allowed(&r, t));
		svc_respawn_record(&r, t);
		t += 1000;
	}
	assert_false(svc_respawn_allowed(&r, t));
	/* the last five began at 51000: at 51000 + 30 s it leaves the window */
	assert_false(svc_respawn_allowed(&r, 51000 + SVC_RESPAWN_WINDOW_MS - 1));
	assert_true(svc_respawn_allowed(&r, 51000 + SVC_RESPAWN_WINDOW_MS));
	svc_respawn_record(&r, 51000 + SVC_RESPAWN_WINDOW_MS);
	/* now the oldest of the last five is the one at 52000 */
	assert_false(svc_respawn_allowed(&r, 52000 + SVC_RESPAWN_WINDOW_MS - 1));
	assert_true(svc_respawn_allowed(&r, 52000 + SVC_RESPAWN_WINDOW_MS));
	assert_int_equal(r.n, 7);
}

static void test_respawn_slow(void **state)
{
	int64_t ring[SVC_RESPAWN_MAX];
	struct svc_respawns r = { ring, SVC_RESPAWN_MAX, SVC_RESPAWN_WINDOW_MS, 0 };

	(void)state;
	/* one respawn every 7 s never hits 5 in 30 s */
	for (int k = 0; k < 100; k++) {
		assert_true(svc_respawn_allowed(&r, k * 7000));
		svc_respawn_record(&r, k * 7000);
	}
}

/* A service's own respawn-limit (Shepherd's (COUNT . SECONDS)). */
static void test_respawn_own_limit(void **state)
{
	int64_t ring[2];
	struct svc_respawns r = { ring, 2, 10000, 0 };

	(void)state;
	/* 3 respawns within 10 s allowed, the 4th not: more than 2 */
	for (int k = 0; k < 3; k++) {
		assert_true(svc_respawn_allowed(&r, 1000 * k));
		svc_respawn_record(&r, 1000 * k);
	}
	assert_false(svc_respawn_allowed(&r, 3000));
	/* the last two began at 1000 */
	assert_false(svc_respawn_allowed(&r, 1000 + 10000 - 1));
	assert_true(svc_respawn_allowed(&r, 1000 + 10000));
}

static void test_exit_event(void **state)
{
	struct bc_service plain = S("p", NULL), once = S("o", NULL), pidf = S("d", NULL);
	int64_t ring[SVC_RESPAWN_MAX];
	struct svc_respawns r = { ring, SVC_RESPAWN_MAX, SVC_RESPAWN_WINDOW_MS, 0 };

	(void)state;
	once.one_shot = true;
	pidf.pid_file = (char *)"/run/d.pid";
	assert_int_equal(svc_exit_event(SVC_STARTING, &once, false, EXIT(0), &r, 0),
	                 SVC_EV_EXIT_OK);
	assert_int_equal(svc_exit_event(SVC_STARTING, &once, false, EXIT(3), &r, 0),
	                 SVC_EV_EXIT_FAIL);
	assert_int_equal(svc_exit_event(SVC_STARTING, &once, false, KILLED(9), &r, 0),
	                 SVC_EV_EXIT_FAIL);
	/* a PID-file launcher exiting 0 has daemonized; non-zero is a failure */
	assert_int_equal(svc_exit_event(SVC_STARTING, &pidf, true, EXIT(0), &r, 0), SVC_EV_NONE);
	assert_int_equal(svc_exit_event(SVC_STARTING, &pidf, true, EXIT(1), &r, 0),
	                 SVC_EV_EXIT_FAIL);
	assert_int_equal(svc_exit_event(SVC_RUNNING, &plain, false, EXIT(0), &r, 0), SVC_EV_DIED);
	plain.respawn = true;
	assert_int_equal(svc_exit_event(SVC_RUNNING, &plain, false, EXIT(0), &r, 0),
	                 SVC_EV_DIED_RESPAWN);
	for (int k = 0; k <= SVC_RESPAWN_MAX; k++)
		svc_respawn_record(&r, 10);
	assert_int_equal(svc_exit_event(SVC_RUNNING, &plain, false, EXIT(1), &r, 20),
	                 SVC_EV_DIED_LIMIT);
	assert_int_equal(svc_exit_event(SVC_STOPPING, &plain, false, KILLED(15), &r, 0),
	                 SVC_EV_EXIT_FAIL);
	assert_int_equal(svc_exit_event(SVC_STOPPED, &plain, false, EXIT(0), &r, 0), SVC_EV_NONE);
	assert_int_equal(svc_wait_status_code(EXIT(42)), 42);
	assert_int_equal(svc_wait_status_code(KILLED(SIGKILL)), 128 + SIGKILL);
}

/* ---- the scheduler, through the seam ------------------------------------ */

static void test_dependency_order(void **state)
{
	/* setup (one-shot) <- db <- web; log independent */
	struct bc_service s[] = { S("web", V("db")), S("db", V("setup")), S("setup", NULL),
		                  S("log", NULL) };
	struct svc_sup sup;

	(void)state;
	s[2].one_shot = true;
	start(&sup, s, 4, NULL);
	/* in parallel: setup and log; db waits for the one-shot to complete */
	assert_int_equal(n_spawned, 2);
	assert_true(spawn_index("setup") >= 0 && spawn_index("log") >= 0);
	assert_int_equal(sup.svc[0].state, SVC_WAITING);
	assert_int_equal(sup.svc[1].state, SVC_WAITING);
	assert_int_equal(sup.svc[2].state, SVC_STARTING);
	assert_int_equal(sup.svc[3].state, SVC_RUNNING);
	svc_child_exited(&sup, sup.svc[2].pid, EXIT(0));
	svc_schedule(&sup);
	assert_int_equal(sup.svc[2].state, SVC_DONE);
	assert_int_equal(n_spawned, 4);
	assert_true(spawn_index("db") < spawn_index("web"));
	assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	assert_int_equal(sup.svc[1].state, SVC_RUNNING);
	svc_sup_free(&sup);
}

static void test_requirement_fails(void **state)
{
	struct bc_service s[] = { S("setup", NULL), S("app", V("setup")), S("other", NULL) };
	struct svc_sup sup;

	(void)state;
	s[0].one_shot = true;
	start(&sup, s, 3, NULL);
	svc_child_exited(&sup, sup.svc[0].pid, EXIT(1));
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_FAILED);
	assert_int_equal(sup.svc[1].state, SVC_FAILED);
	assert_int_equal(spawn_index("app"), -1);
	assert_int_equal(sup.svc[2].state, SVC_RUNNING);
	/* herd start app retries the requirement */
	svc_request_start(&sup, 1);
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_STARTING);
	assert_int_equal(sup.svc[1].state, SVC_WAITING);
	svc_sup_free(&sup);
}

static void test_respawn_then_disable(void **state)
{
	struct bc_service s[] = { S("crash", NULL), S("steady", NULL) };
	struct svc_sup sup;

	(void)state;
	s[0].respawn = true;
	start(&sup, s, 2, NULL);
	for (int k = 0; k <= SVC_RESPAWN_MAX; k++) {
		svc_child_exited(&sup, sup.svc[0].pid, EXIT(1));
		assert_int_equal(sup.svc[0].state, SVC_RESPAWN_WAIT);
		clock_ms += SVC_RESPAWN_DELAY_MS - 1;
		svc_check_deadlines(&sup, clock_ms);
		assert_int_equal(sup.svc[0].state, SVC_RESPAWN_WAIT); /* not yet */
		clock_ms += 1;
		svc_check_deadlines(&sup, clock_ms);
		assert_int_equal(sup.svc[0].state, SVC_RUNNING);
		assert_int_equal(sup.svc[0].respawns.n, k + 1);
	}
	/* the 7th exit within 30 s, after more than 5 respawns (Shepherd's count) */
	svc_child_exited(&sup, sup.svc[0].pid, KILLED(SIGSEGV));
	assert_int_equal(sup.svc[0].state, SVC_DISABLED);
	assert_int_equal(sup.svc[0].pid, 0);
	assert_int_equal(n_spawned, 2 + SVC_RESPAWN_MAX + 1);
	assert_int_equal(sup.svc[1].state, SVC_RUNNING);
	/* disabled as Shepherd's: a start is refused until herd enable */
	assert_true(sup.svc[0].disabled);
	svc_request_start(&sup, 0);
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_DISABLED);
	assert_int_equal(n_spawned, 2 + SVC_RESPAWN_MAX + 1);
	svc_set_enabled(&sup, 0, true);
	assert_false(sup.svc[0].disabled);
	assert_int_equal(sup.svc[0].state, SVC_STOPPED);
	/* then it starts, with a fresh count */
	svc_request_start(&sup, 0);
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	assert_int_equal(sup.svc[0].respawns.n, 0);
	svc_sup_free(&sup);
}

/* herd disable: a running service goes on running, is not respawned when
 * it dies, and neither it nor a service requiring it starts until herd
 * enable. */
static void test_disable_enable(void **state)
{
	struct bc_service s[] = { S("base", NULL), S("web", V("base")) };
	struct svc_sup sup;

	(void)state;
	s[0].respawn = true;
	start(&sup, s, 2, NULL);
	assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	svc_set_enabled(&sup, 0, false);
	assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	int before = n_spawned;
	svc_child_exited(&sup, sup.svc[0].pid, EXIT(1));
	assert_int_equal(sup.svc[0].state, SVC_STOPPED); /* not respawned */
	svc_check_deadlines(&sup, clock_ms + SVC_RESPAWN_DELAY_MS);
	assert_int_equal(n_spawned, before);
	svc_request_stop(&sup, 1, false);
	svc_schedule(&sup);
	svc_child_exited(&sup, sup.svc[1].pid, KILLED(SIGTERM));
	assert_int_equal(sup.svc[1].state, SVC_STOPPED);
	/* web's start fails for want of base, which stays stopped */
	svc_request_start(&sup, 1);
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_STOPPED);
	assert_int_equal(sup.svc[1].state, SVC_FAILED);
	assert_int_equal(n_spawned, before);
	/* enabled: both start */
	svc_set_enabled(&sup, 0, true);
	assert_int_equal(sup.svc[0].state, SVC_STOPPED);
	svc_request_start(&sup, 1);
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	assert_int_equal(sup.svc[1].state, SVC_RUNNING);
	assert_int_equal(n_spawned, before + 2);
	svc_sup_free(&sup);
}

/* Its own respawn-limit (2 in 10 s) and respawn-delay (500 ms). */
static void test_respawn_own_limit_and_delay(void **state)
{
	struct bc_service s[] = { S("crash", NULL) };
	struct svc_sup sup;

	(void)state;
	s[0].respawn = true;
	s[0].respawn_max = 2;
	s[0].respawn_window = 10;
	s[0].respawn_delay_ms = 500;
	start(&sup, s, 1, NULL);
	for (int k = 0; k <= 2; k++) {
		svc_child_exited(&sup, sup.svc[0].pid, EXIT(1));
		clock_ms += 499;
		svc_check_deadlines(&sup, clock_ms);
		assert_int_equal(sup.svc[0].state, SVC_RESPAWN_WAIT); /* not yet */
		clock_ms += 1;
		svc_check_deadlines(&sup, clock_ms);
		assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	}
	/* the 4th exit within 10 s, after more than 2 respawns */
	svc_child_exited(&sup, sup.svc[0].pid, EXIT(1));
	assert_int_equal(sup.svc[0].state, SVC_DISABLED);
	assert_int_equal(n_spawned, 4);
	svc_sup_free(&sup);
}

/* ---- timers (svc_timer.c), through the seam ----------------------------- */

static struct bc_timer every_second; /* every field any value */

/* Both clocks on by MS, then the deadlines. */
static void advance(struct svc_sup *sup, int64_t ms)
{
	clock_ms += ms;
	svc_check_deadlines(sup, clock_ms);
	svc_schedule(sup);
}

static pid_t last_run(const struct svc_sup *sup)
{
	assert_true(sup->n_runs > 0);
	return sup->runs[sup->n_runs - 1].pid;
}

static void test_timer_runs(void **state)
{
	struct bc_service s[] = { S("t", NULL) };
	struct bc_timer t = every_second;
	struct svc_sup sup;

	(void)state;
	s[0].timer = &t;
	start(&sup, s, 1, NULL);
	/* up without a process; its first run at the next second */
	assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	assert_int_equal(sup.svc[0].pid, 0);
	assert_int_equal(n_spawned, 0);
	advance(&sup, 999);
	assert_int_equal(n_spawned, 0);
	advance(&sup, 1);
	assert_int_equal(n_spawned, 1);
	assert_int_equal(sup.n_runs, 1);
	/* runs overlap without wait-for-termination */
	advance(&sup, 1000);
	assert_int_equal(n_spawned, 2);
	assert_int_equal(sup.n_runs, 2);
	svc_child_exited(&sup, sup.runs[0].pid, EXIT(0));
	svc_child_exited(&sup, sup.runs[0].pid, EXIT(1));
	assert_int_equal(sup.n_runs, 0);
	assert_int_equal(sup.svc[0].timer_running, 0);
	/* herd stop: no more runs; a run going on goes on, and is reaped */
	advance(&sup, 1000);
	assert_int_equal(n_spawned, 3);
	svc_request_stop(&sup, 0, false);
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_STOPPED);
	assert_int_equal(n_signals, 0);
	advance(&sup, 5000);
	assert_int_equal(n_spawned, 3);
	svc_child_exited(&sup, last_run(&sup), EXIT(0));
	assert_int_equal(sup.n_runs, 0);
	/* started again: runs again */
	svc_request_start(&sup, 0);
	svc_schedule(&sup);
	advance(&sup, 1000);
	assert_int_equal(n_spawned, 4);
	svc_sup_free(&sup);
}

static void test_timer_wait_and_limits(void **state)
{
	struct bc_service s[] = { S("t", NULL) };
	struct bc_timer t = every_second;
	struct svc_sup sup;
	pid_t run;

	(void)state;
	t.wait_for_termination = true;
	t.max_duration = 3;
	t.occurrences = 2;
	s[0].timer = &t;
	s[0].stop_signal = SIGINT;
	start(&sup, s, 1, NULL);
	advance(&sup, 1000);
	assert_int_equal(n_spawned, 1);
	run = last_run(&sup);
	/* a run going on: the instants that come are not run, nor triggered */
	advance(&sup, 1000);
	advance(&sup, 1000);
	assert_int_equal(n_spawned, 1);
	pid_t pid;
	assert_int_equal(svc_timer_trigger(&sup, 0, &pid), -EBUSY);
	/* past max-duration: the stop signal, then SIGKILL after the grace */
	advance(&sup, 1000);
	assert_int_equal(n_signals, 1);
	assert_int_equal(signals[0].pid, run);
	assert_int_equal(signals[0].sig, SIGINT);
	advance(&sup, SVC_STOP_GRACE_MS);
	assert_int_equal(n_signals, 2);
	assert_int_equal(signals[1].sig, SIGKILL);
	/* its end: the next run at the calendar's next instant */
	svc_child_exited(&sup, run, KILLED(SIGKILL));
	assert_int_equal(n_spawned, 1);
	advance(&sup, 1000);
	assert_int_equal(n_spawned, 2);
	/* the second of two occurrences: the timer stops itself */
	assert_int_equal(sup.svc[0].state, SVC_STOPPED);
	svc_child_exited(&sup, last_run(&sup), EXIT(0));
	advance(&sup, 5000);
	assert_int_equal(n_spawned, 2);
	assert_int_equal(svc_timer_trigger(&sup, 0, &pid), -ESRCH);
	svc_sup_free(&sup);
}

static void test_timer_clock_set(void **state)
{
	struct bc_service s[] = { S("t", NULL) };
	struct bc_timer hourly = { .minutes = 1, .seconds = 1 }; /* at hh:00:00 */
	struct svc_sup sup;

	(void)state;
	s[0].timer = &hourly;
	start(&sup, s, 1, NULL); /* 12:00:00: the next run at 13:00 */
	/* the waits are capped at a minute: no run before 13:00 */
	for (int k = 0; k < 59; k++)
		advance(&sup, 60000);
	assert_int_equal(n_spawned, 0);
	advance(&sup, 60000);
	assert_int_equal(n_spawned, 1);
	/* set back by 10 minutes (13:50 at 14:00): 14:00 waits for its time */
	advance(&sup, 50 * 60000);
	wall_shift -= 10 * 60000;
	advance(&sup, 10 * 60000);
	assert_int_equal(n_spawned, 1);
	advance(&sup, 10 * 60000);
	assert_int_equal(n_spawned, 2);
	/* set back by two days: the calendar starts again from the new time,
	 * its next hour, not in two days */
	wall_shift -= 2 * 86400 * INT64_C(1000);
	advance(&sup, 60000); /* the capped wait sees it */
	advance(&sup, 59 * 60000);
	assert_int_equal(n_spawned, 3);
	/* set forward by a day: the skipped instants make one run */
	wall_shift += 86400 * INT64_C(1000);
	advance(&sup, 60000);
	assert_int_equal(n_spawned, 4);
	advance(&sup, 60000);
	assert_int_equal(n_spawned, 4);
	svc_sup_free(&sup);
}

static void test_shutdown_order_and_grace(void **state)
{
	/* db <- web <- proxy; a stubborn service ignoring SIGTERM */
	struct bc_service s[] = { S("db", NULL), S("web", V("db")), S("proxy", V("web")) };
	struct svc_sup sup;
	pid_t db, web, proxy;

	(void)state;
	s[1].stop_signal = SIGINT;
	start(&sup, s, 3, NULL);
	db = sup.svc[0].pid, web = sup.svc[1].pid, proxy = sup.svc[2].pid;
	svc_begin_shutdown(&sup, SIGTERM);
	svc_schedule(&sup);
	assert_int_equal(n_signals, 1);
	assert_int_equal(signals[0].pid, proxy);
	assert_int_equal(signals[0].sig, SIGTERM);
	svc_child_exited(&sup, proxy, KILLED(SIGTERM));
	svc_schedule(&sup);
	assert_int_equal(n_signals, 2);
	assert_int_equal(signals[1].pid, web);
	assert_int_equal(signals[1].sig, SIGINT); /* its stop signal */
	/* web ignores it: SIGKILL after the grace period, not before */
	clock_ms += SVC_STOP_GRACE_MS - 1;
	svc_check_deadlines(&sup, clock_ms);
	assert_int_equal(n_signals, 2);
	clock_ms += 1;
	svc_check_deadlines(&sup, clock_ms);
	assert_int_equal(n_signals, 3);
	assert_int_equal(signals[2].pid, web);
	assert_int_equal(signals[2].sig, SIGKILL);
	assert_int_equal(sup.svc[0].state, SVC_RUNNING); /* db waits for web */
	svc_child_exited(&sup, web, KILLED(SIGKILL));
	svc_schedule(&sup);
	assert_int_equal(signals[3].pid, db);
	svc_child_exited(&sup, db, EXIT(0));
	svc_schedule(&sup);
	/* all services stopped: the phase moved on (not PID 1 here, so no
	 * kill(-1); the test process has no children, so it is done) */
	assert_int_equal(sup.phase, SVC_PH_DONE);
	assert_int_equal(n_signals, 4);
	svc_sup_free(&sup);
}

static void test_stop_and_restart(void **state)
{
	struct bc_service s[] = { S("db", NULL), S("web", V("db")), S("cron", NULL) };
	struct svc_sup sup;
	pid_t web;

	(void)state;
	start(&sup, s, 3, NULL);
	/* herd stop db stops web first */
	svc_request_stop(&sup, 0, false);
	svc_schedule(&sup);
	assert_int_equal(n_signals, 1);
	assert_int_equal(signals[0].pid, sup.svc[1].pid);
	svc_child_exited(&sup, sup.svc[1].pid, KILLED(SIGTERM));
	svc_schedule(&sup);
	svc_child_exited(&sup, sup.svc[0].pid, KILLED(SIGTERM));
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_STOPPED);
	assert_int_equal(sup.svc[1].state, SVC_STOPPED);
	assert_int_equal(sup.svc[2].state, SVC_RUNNING);
	/* herd start web brings db back first */
	n_spawned = 0;
	svc_request_start(&sup, 1);
	svc_schedule(&sup);
	assert_int_equal(spawn_index("db"), 0);
	assert_int_equal(spawn_index("web"), 1);
	/* herd restart db: stops web then db, starts both again */
	web = sup.svc[1].pid;
	n_spawned = 0;
	svc_request_stop(&sup, 0, true);
	svc_schedule(&sup);
	svc_child_exited(&sup, web, EXIT(0));
	svc_schedule(&sup);
	svc_child_exited(&sup, sup.svc[0].pid, EXIT(0));
	svc_schedule(&sup);
	assert_int_equal(spawn_index("db"), 0);
	assert_int_equal(spawn_index("web"), 1);
	assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	assert_int_equal(sup.svc[1].state, SVC_RUNNING);
	assert_false(sup.svc[0].restart || sup.svc[1].restart);
	svc_sup_free(&sup);
}

static void test_stop_under_disabled(void **state)
{
	/* web requires db; db gets disabled while web keeps running */
	struct bc_service s[] = { S("db", NULL), S("web", V("db")) };
	struct svc_sup sup;

	(void)state;
	s[0].respawn = true;
	start(&sup, s, 2, NULL);
	for (int k = 0; k <= SVC_RESPAWN_MAX + 1; k++) {
		svc_child_exited(&sup, sup.svc[0].pid, EXIT(1));
		clock_ms += SVC_RESPAWN_DELAY_MS;
		svc_check_deadlines(&sup, clock_ms);
	}
	assert_int_equal(sup.svc[0].state, SVC_DISABLED);
	assert_int_equal(sup.svc[1].state, SVC_RUNNING);
	/* herd stop db still stops what depends on it */
	svc_request_stop(&sup, 0, false);
	svc_schedule(&sup);
	assert_int_equal(n_signals, 1);
	assert_int_equal(signals[0].pid, sup.svc[1].pid);
	svc_child_exited(&sup, sup.svc[1].pid, KILLED(SIGTERM));
	svc_schedule(&sup);
	assert_int_equal(sup.svc[1].state, SVC_STOPPED);
	/* herd restart db: not while it is disabled (Shepherd's) */
	svc_request_stop(&sup, 0, true);
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_DISABLED);
	/* once enabled, herd restart db on a stopped service starts it */
	svc_set_enabled(&sup, 0, true);
	svc_request_stop(&sup, 0, true);
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	assert_int_equal(sup.svc[1].state, SVC_STOPPED);
	svc_sup_free(&sup);
}

/* A completed one-shot's stop command (make-system-destructor, nftables'
 * flush): run when it is stopped, the service stopped when it exits, killed
 * after the grace period; a one-shot without one stops at once, running
 * nothing. */
static void test_one_shot_stop_command(void **state)
{
	/* fw (one-shot with a stop command) <- web; plain one-shot "once" */
	struct bc_service s[] = { S("fw", NULL), S("web", V("fw")), S("once", NULL) };
	struct svc_sup sup;
	pid_t undo;

	(void)state;
	s[0].one_shot = s[2].one_shot = true;
	s[0].stop_command = V("/usr/sbin/nft", "flush", "ruleset");
	start(&sup, s, 3, NULL);
	svc_child_exited(&sup, sup.svc[0].pid, EXIT(0));
	svc_child_exited(&sup, sup.svc[2].pid, EXIT(0));
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_DONE);
	assert_int_equal(sup.svc[1].state, SVC_RUNNING);
	assert_int_equal(sup.svc[2].state, SVC_DONE);
	/* herd stop once: nothing runs, stopped at once */
	n_spawned = 0;
	svc_request_stop(&sup, 2, false);
	svc_schedule(&sup);
	assert_int_equal(n_spawned, 0);
	assert_int_equal(sup.svc[2].state, SVC_STOPPED);
	/* herd stop fw: web first, then fw's stop command, as fw's user */
	svc_request_stop(&sup, 0, false);
	svc_schedule(&sup);
	assert_int_equal(n_spawned, 0);
	svc_child_exited(&sup, sup.svc[1].pid, KILLED(SIGTERM));
	svc_schedule(&sup);
	assert_int_equal(spawn_index("fw:stop"), 0);
	assert_int_equal(sup.svc[0].state, SVC_STOPPING);
	undo = sup.svc[0].pid;
	assert_true(undo > 0);
	svc_child_exited(&sup, undo, EXIT(0));
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_STOPPED);
	assert_int_equal(sup.svc[0].pid, 0);
	/* herd restart of a done fw: its stop command, then its command */
	svc_request_start(&sup, 0);
	svc_schedule(&sup);
	svc_child_exited(&sup, sup.svc[0].pid, EXIT(0));
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_DONE);
	n_spawned = 0;
	svc_request_stop(&sup, 0, true);
	svc_schedule(&sup);
	assert_int_equal(spawn_index("fw:stop"), 0);
	assert_int_equal(n_spawned, 1);
	svc_child_exited(&sup, sup.svc[0].pid, EXIT(1)); /* a failed stop still stops */
	svc_schedule(&sup);
	assert_int_equal(spawn_index("fw"), 1);
	assert_int_equal(sup.svc[0].state, SVC_STARTING);
	svc_child_exited(&sup, sup.svc[0].pid, EXIT(0));
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_DONE);
	/* at shutdown: a stop command that hangs is killed after the grace */
	n_signals = 0;
	svc_begin_shutdown(&sup, SIGTERM);
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_STOPPING);
	undo = sup.svc[0].pid;
	clock_ms += SVC_STOP_GRACE_MS - 1;
	svc_check_deadlines(&sup, clock_ms);
	assert_int_equal(n_signals, 0);
	clock_ms += 1;
	svc_check_deadlines(&sup, clock_ms);
	assert_int_equal(n_signals, 1);
	assert_int_equal(signals[0].pid, undo);
	assert_int_equal(signals[0].sig, SIGKILL);
	svc_child_exited(&sup, undo, KILLED(SIGKILL));
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_STOPPED);
	assert_int_equal(sup.phase, SVC_PH_DONE);
	svc_sup_free(&sup);
}

/* A marker (start #~(const #t)) with a stop command: running without a
 * process, its stop command run when it stops; one without stops at once. */
static void test_marker_stop_command(void **state)
{
	struct bc_service s[] = { S("m", NULL), S("plain", NULL) };
	struct svc_sup sup;

	(void)state;
	s[0].command = s[1].command = NULL;
	s[0].stop_command = V("/bin/sh", "-c", "echo bye");
	start(&sup, s, 2, NULL);
	assert_int_equal(n_spawned, 0);
	assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	svc_request_stop(&sup, 1, false);
	svc_schedule(&sup);
	assert_int_equal(sup.svc[1].state, SVC_STOPPED);
	assert_int_equal(n_spawned, 0);
	svc_request_stop(&sup, 0, false);
	svc_schedule(&sup);
	assert_int_equal(spawn_index("m:stop"), 0);
	assert_int_equal(sup.svc[0].state, SVC_STOPPING);
	svc_child_exited(&sup, sup.svc[0].pid, EXIT(0));
	svc_schedule(&sup);
	assert_int_equal(sup.svc[0].state, SVC_STOPPED);
	svc_sup_free(&sup);
}

static void test_command_after_settle(void **state)
{
	struct bc_service s[] = { S("once", NULL), S("svc", NULL) };
	struct svc_sup sup;

	(void)state;
	s[0].one_shot = true;
	start(&sup, s, 2, V("/bin/true"));
	assert_int_equal(spawn_index("COMMAND"), -1); /* the one-shot is still running */
	svc_child_exited(&sup, sup.svc[0].pid, EXIT(0));
	svc_schedule(&sup);
	assert_int_equal(spawn_index("COMMAND"), 2);
	svc_child_exited(&sup, sup.command_pid, EXIT(7));
	assert_int_equal(sup.phase, SVC_PH_STOP_SERVICES);
	assert_true(sup.command_done);
	assert_int_equal(sup.command_status, 7);
	svc_sup_free(&sup);
}

static void test_markers_and_manual(void **state)
{
	struct bc_service s[] = { S("net", NULL), S("app", V("net")), S("later", NULL) };
	struct svc_sup sup;

	(void)state;
	s[0].command = NULL; /* marker: up without a process */
	s[2].auto_start = false;
	start(&sup, s, 3, NULL);
	assert_int_equal(sup.svc[0].state, SVC_RUNNING);
	assert_int_equal(sup.svc[0].pid, 0);
	assert_int_equal(sup.svc[1].state, SVC_RUNNING);
	assert_int_equal(sup.svc[2].state, SVC_STOPPED);
	assert_int_equal(n_spawned, 1);
	svc_sup_free(&sup);
}

/* The service records, the poll slots and the output line buffers share
 * one block: a line buffer for each service whose output goes to the
 * syslog (a command, no log file: PID 1 copies a log file's output as it
 * comes), none for the others, none overlapping. */
static void test_one_block(void **state)
{
	struct bc_service s[] = { S("a", NULL), S("marker", NULL), S("logged", NULL),
		                  S("b", V("a")) };
	struct boot_conf bc = { .services = s, .n_services = 4 };
	struct gx_error *err = NULL;
	struct svc_sup sup;

	(void)state;
	s[1].command = NULL;
	s[2].log_file = (char *)"/var/log/x";
	assert_int_equal(svc_sup_init(&sup, &bc, NULL, &err), 0);
	assert_non_null(sup.svc[0].line);
	assert_null(sup.svc[1].line);
	assert_null(sup.svc[2].line);
	assert_non_null(sup.svc[3].line);
	assert_int_equal(sup.svc[2].log_fd, -1);
	/* signal, syslog, PID-file watch, job control, control, clients, services */
	assert_int_equal(sup.n_pfd, 6 + SVC_CTL_CLIENTS + 3);
	memset(sup.pfd, 0xff, sup.n_pfd * sizeof(*sup.pfd));
	memset(sup.svc[0].line, 'a', SVC_LINE_MAX);
	memset(sup.svc[3].line, 'b', SVC_LINE_MAX);
	for (size_t k = 0; k < SVC_LINE_MAX; k++)
		assert_true(sup.svc[0].line[k] == 'a' && sup.svc[3].line[k] == 'b');
	for (size_t k = 0; k < sup.n_pfd * sizeof(*sup.pfd); k++)
		assert_int_equal(((unsigned char *)sup.pfd)[k], 0xff);
	for (size_t i = 0; i < sup.n; i++)
		assert_ptr_equal(sup.svc[i].conf, &s[i]);
	/* the graph's edges, from its one block */
	assert_int_equal(sup.graph.node[3].n_req, 1);
	assert_int_equal(sup.graph.node[3].req[0], 0);
	assert_int_equal(sup.graph.node[0].n_dep, 1);
	assert_int_equal(sup.graph.node[0].dep[0], 3);
	svc_sup_free(&sup);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_table, reset),
		cmocka_unit_test_setup(test_respawn_limit, reset),
		cmocka_unit_test_setup(test_respawn_slow, reset),
		cmocka_unit_test_setup(test_respawn_own_limit, reset),
		cmocka_unit_test_setup(test_exit_event, reset),
		cmocka_unit_test_setup(test_dependency_order, reset),
		cmocka_unit_test_setup(test_requirement_fails, reset),
		cmocka_unit_test_setup(test_respawn_then_disable, reset),
		cmocka_unit_test_setup(test_disable_enable, reset),
		cmocka_unit_test_setup(test_respawn_own_limit_and_delay, reset),
		cmocka_unit_test_setup(test_timer_runs, reset),
		cmocka_unit_test_setup(test_timer_wait_and_limits, reset),
		cmocka_unit_test_setup(test_timer_clock_set, reset),
		cmocka_unit_test_setup(test_shutdown_order_and_grace, reset),
		cmocka_unit_test_setup(test_stop_and_restart, reset),
		cmocka_unit_test_setup(test_stop_under_disabled, reset),
		cmocka_unit_test_setup(test_one_shot_stop_command, reset),
		cmocka_unit_test_setup(test_marker_stop_command, reset),
		cmocka_unit_test_setup(test_command_after_settle, reset),
		cmocka_unit_test_setup(test_markers_and_manual, reset),
		cmocka_unit_test_setup(test_one_block, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
