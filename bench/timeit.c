/* timeit: paired wall-clock timing of two commands for bench/run.
 *
 *   timeit [-n ROUNDS] [-w WARMUP] [-t TIMEOUT] [-l LOG] [-r RAW]
 *          [-p PORT] -- A [ARG...] :: B [ARG...]
 *
 * Runs A, B, A, B ... (WARMUP unmeasured pairs first), timing each run
 * with CLOCK_MONOTONIC around fork, exec and wait, so the harness's own
 * overhead (a shell loop, date(1)) does not dominate sub-millisecond runs.
 * With -p PORT a run is "launch to first HTTP 200 on 127.0.0.1:PORT": the
 * command is started, the port polled every 0.5 ms with a GET, and once a
 * 200 arrives the command's process group gets SIGTERM; teardown is not
 * timed, but a command still running 3 s later is killed (SIGKILL to its
 * group) and counted, and the next run waits for the port to be closed.
 *
 * Prints one line:
 *   ok N a_med a_min a_max b_med b_min b_max r_med r_min r_max kills
 * times in milliseconds, r = B/A per pair, kills the measured runs that
 * had to be killed after SIGTERM (-p only).  On failure prints
 *   fail A|B REASON
 * and exits 1.  Commands' output goes to LOG (default /dev/null); RAW, when
 * given, gets every pair "a_ms b_ms".  Exit 2: bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct opts {
	int rounds;
	int warmup;
	int timeout;
	int port;
	const char *log;
	const char *raw;
	char **cmd[2];
};

#define STOP_GRACE 3 /* seconds from SIGTERM to SIGKILL in -p mode */

static volatile sig_atomic_t alarmed;
static volatile pid_t current;
static int kills;

static void on_alarm(int sig)
{
	(void)sig;
	alarmed = 1;
}

/* Interrupted ourselves: take down what we started, then go. */
static void on_term(int sig)
{
	if (current > 0)
		kill(-current, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static pid_t spawn(char **argv, const char *log)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	setpgid(0, 0);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int out = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(126);
	execvp(argv[0], argv);
	_exit(errno == ENOENT ? 127 : 126);
}

/* Wait for PID; after TIMEOUT seconds kill its group.  Returns the wait
 * status, or -1 on timeout. */
static int reap(pid_t pid, int timeout)
{
	int status = 0;

	alarmed = 0;
	alarm((unsigned)timeout);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
		if (alarmed) {
			kill(-pid, SIGKILL);
			alarmed = 0;
			alarm(5);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			alarm(0);
			return -1;
		}
	}
	alarm(0);
	return status;
}

/* One GET / on 127.0.0.1:PORT.  1: got a 200; 0: refused or not 200. */
static int http_ok(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	static const char req[] = "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n";
	struct timeval tv = { 1, 0 };
	char buf[64] = { 0 };
	int ok = 0;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return 0;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    write(fd, req, sizeof(req) - 1) == (ssize_t)(sizeof(req) - 1) &&
	    read(fd, buf, sizeof(buf) - 1) >= 12)
		ok = strncmp(buf, "HTTP/1.", 7) == 0 && strncmp(buf + 9, "200", 3) == 0;
	close(fd);
	return ok;
}

static int port_open(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int open_ = 0;

	if (fd < 0)
		return 0;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	open_ = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return open_;
}

static const char *describe(int status, int timeout)
{
	static char msg[64];

	if (status < 0) {
		snprintf(msg, sizeof(msg), "did not exit within %d s (killed)", timeout);
		return msg;
	}
	if (WIFSIGNALED(status))
		snprintf(msg, sizeof(msg), "killed by signal %d", WTERMSIG(status));
	else
		snprintf(msg, sizeof(msg), "exit status %d", WEXITSTATUS(status));
	return msg;
}

/* Time one run of ARGV to exit.  Returns ms, or -1 (REASON set). */
static double run_exit(char **argv, const struct opts *o, const char **reason)
{
	double t0 = now_ms();
	pid_t pid = spawn(argv, o->log);
	int status;

	if (pid < 0) {
		*reason = "fork failed";
		return -1;
	}
	current = pid;
	status = reap(pid, o->timeout);
	double t1 = now_ms();
	current = 0;
	if (status != 0) {
		*reason = describe(status, o->timeout);
		return -1;
	}
	return t1 - t0;
}

static void wait_port_closed(int port, int timeout)
{
	double end = now_ms() + timeout * 1e3;

	while (port_open(port) && now_ms() < end)
		sleep_us(2000);
}

/* Time one run of ARGV to its first HTTP 200, then stop it. */
static double run_ready(char **argv, const struct opts *o, const char **reason)
{
	double t0 = now_ms(), t1 = -1;
	double end = t0 + o->timeout * 1e3;
	pid_t pid = spawn(argv, o->log);
	int status = 0;

	if (pid < 0) {
		*reason = "fork failed";
		return -1;
	}
	current = pid;
	while (now_ms() < end) {
		if (http_ok(o->port)) {
			t1 = now_ms();
			break;
		}
		if (waitpid(pid, &status, WNOHANG) == pid) {
			*reason = describe(status, o->timeout);
			current = 0;
			return -1;
		}
		sleep_us(500);
	}
	kill(-pid, SIGTERM);
	kill(pid, SIGTERM);
	if (reap(pid, STOP_GRACE) < 0)
		kills++;
	current = 0;
	wait_port_closed(o->port, o->timeout);
	if (t1 < 0)
		*reason = "no HTTP 200 before the timeout";
	return t1 < 0 ? -1 : t1 - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts V in place; prints " median min max". */
static void print_stats(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	double med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	printf(" %.4f %.4f %.4f", med, v[0], v[n - 1]);
}

static void usage(void)
{
	fputs("usage: timeit [-n ROUNDS] [-w WARMUP] [-t TIMEOUT] [-l LOG] [-r RAW] "
	      "[-p PORT] -- A [ARG...] :: B [ARG...]\n",
	      stderr);
	exit(2);
}

static void parse(int argc, char **argv, struct opts *o)
{
	int c;

	*o = (struct opts){ .rounds = 20, .warmup = 2, .timeout = 60, .log = "/dev/null" };
	while ((c = getopt(argc, argv, "+n:w:t:l:r:p:")) != -1) {
		switch (c) {
		case 'n':
			o->rounds = atoi(optarg);
			break;
		case 'w':
			o->warmup = atoi(optarg);
			break;
		case 't':
			o->timeout = atoi(optarg);
			break;
		case 'l':
			o->log = optarg;
			break;
		case 'r':
			o->raw = optarg;
			break;
		case 'p':
			o->port = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	o->cmd[0] = argv + optind;
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "::") == 0) {
			argv[i] = NULL;
			o->cmd[1] = argv + i + 1;
		}
	}
	if (o->rounds < 1 || o->warmup < 0 || o->timeout < 1 || o->port < 0 || o->port > 65535 ||
	    !o->cmd[0][0] || !o->cmd[1] || !o->cmd[1][0])
		usage();
}

static void handle_signals(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART: waitpid sees EINTR */
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGHUP, on_term);
}

int main(int argc, char **argv)
{
	struct opts o;
	double (*run)(char **, const struct opts *, const char **);

	parse(argc, argv, &o);
	handle_signals();
	run = o.port ? run_ready : run_exit;
	double *t[2] = { calloc((size_t)o.rounds, sizeof(double)),
		         calloc((size_t)o.rounds, sizeof(double)) };
	double *ratio = calloc((size_t)o.rounds, sizeof(double));
	FILE *raw = o.raw ? fopen(o.raw, "we") : NULL;
	if (!t[0] || !t[1] || !ratio || (o.raw && !raw)) {
		puts("fail A cannot allocate or open the raw file");
		return 1;
	}
	for (int i = -o.warmup; i < o.rounds; i++) {
		if (i == 0)
			kills = 0;
		for (int k = 0; k < 2; k++) {
			const char *reason = NULL;
			double ms = run(o.cmd[k], &o, &reason);
			if (ms < 0) {
				printf("fail %c %s\n", "AB"[k], reason);
				return 1;
			}
			if (i >= 0)
				t[k][i] = ms;
		}
		if (i < 0)
			continue;
		ratio[i] = t[1][i] / t[0][i];
		if (raw)
			fprintf(raw, "%.4f %.4f\n", t[0][i], t[1][i]);
	}
	if (raw)
		fclose(raw);
	printf("ok %d", o.rounds);
	print_stats(t[0], o.rounds);
	print_stats(t[1], o.rounds);
	print_stats(ratio, o.rounds);
	printf(" %d\n", kills);
	free(t[0]);
	free(t[1]);
	free(ratio);
	return 0;
}
