/* The control socket: a Unix stream socket inside the container, mode 0600
 * and root peers only, served from PID 1's poll loop without blocking.
 *
 * Protocol (docs in README "Services, herd and shutdown"): the client sends
 * one line "VERB [SERVICE]\n", VERB one of status, start, stop, restart,
 * trigger (a timer's run, at once: answered once it is forked),
 * schedule (a timer's next instants), files (the log-rotation timer's
 * files),
 * rotate-logs (no SERVICE; svc_logrot.c has its answer), or the name of
 * one of SERVICE's actions (boot.conf's `action`): a configuration
 * action's answer is the file's name, a signal action's a sentence, a
 * command action's the line "run\tARG\tARG..." for herd to run;
 * the server answers "ok\n" or "error: MESSAGE\n", then text lines for
 * the user, then closes.  start/stop/restart are answered when done; a
 * status longer than the socket takes at once is sent as it is read. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "svc_int.h"
#include "util.h"

#define RECV_TIMEOUT_MS 5000
#define IDLE_YIELD_MS 1000  /* silent this long, a client gives its slot to a new one */
#define ACCEPT_PAUSE_MS 200 /* after an accept that failed for want of descriptors */

static const struct {
	const char *verb;
	enum svc_ctl_op op;
	bool needs_arg;
} verbs[] = {
	{ "status", SVC_OP_STATUS, false },  { "start", SVC_OP_START, true },
	{ "stop", SVC_OP_STOP, true },       { "restart", SVC_OP_RESTART, true },
	{ "trigger", SVC_OP_TRIGGER, true }, { "schedule", SVC_OP_SCHEDULE, true },
	{ "files", SVC_OP_FILES, true },     { "rotate-logs", SVC_OP_ROTATE_LOGS, false },
	{ "enable", SVC_OP_ENABLE, true },   { "disable", SVC_OP_DISABLE, true },
	{ "doc", SVC_OP_DOC, true },
};

#define ACTION_CHARS "abcdefghijklmnopqrstuvwxyz0123456789-"

/* doc's argument: SERVICE, then nothing, "list-actions" or "action NAME". */
static bool doc_arg_ok(const char *arg)
{
	const char *sp = strchr(arg, ' ');

	if (sp == NULL)
		return true;
	if (sp == arg)
		return false;
	if (strcmp(sp + 1, "list-actions") == 0)
		return true;
	if (strncmp(sp + 1, "action ", 7) != 0)
		return false;
	sp += 8;
	return *sp != '\0' && strspn(sp, ACTION_CHARS) == strlen(sp);
}

int svc_ctl_parse(char *line, enum svc_ctl_op *op, const char **arg)
{
	char *sp = strchr(line, ' ');

	*arg = "";
	if (sp != NULL) {
		*sp = '\0';
		*arg = sp + 1;
		if (strcmp(line, "doc") == 0)
			return **arg != '\0' && doc_arg_ok(*arg) ? (*op = SVC_OP_DOC, 0) : -1;
		if (**arg == '\0' || strchr(*arg, ' ') != NULL)
			return -1;
	}
	for (size_t k = 0; k < sizeof(verbs) / sizeof(verbs[0]); k++) {
		if (strcmp(line, verbs[k].verb) != 0)
			continue;
		if (verbs[k].needs_arg && **arg == '\0')
			return -1;
		*op = verbs[k].op;
		return 0;
	}
	/* an action's name (bootconf.c checks those it defines) */
	if (**arg == '\0' || *line == '\0' || strspn(line, ACTION_CHARS) != strlen(line))
		return -1;
	*op = SVC_OP_ACTION;
	return 0;
}

/* ---- replies ----------------------------------------------------------- */

static void say(int fd, const char *s, size_t n)
{
	if (send(fd, s, n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		return; /* a client that does not read loses the rest */
}

static void says(int fd, const char *s)
{
	say(fd, s, strlen(s));
}

static void sayf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sayf(int fd, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		say(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* Read what the client sent beyond its request line: closing with unread
 * data resets the connection, and the client would lose our answer. */
static void drain(int fd)
{
	char sink[256];

	for (int k = 0; k < 16 && recv(fd, sink, sizeof(sink), MSG_DONTWAIT) > 0; k++)
		;
}

static void client_close(struct svc_client *c)
{
	if (c->fd >= 0) {
		drain(c->fd);
		close(c->fd);
	}
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/* Send the rest of the line in C->req, then the status lines of the
 * services C->next to C->end, as long as the socket takes them; once all
 * are sent, close.  A socket takes a few hundred lines at most (each send
 * is a buffer of its own): the rest goes when it has room again (POLLOUT,
 * svc_ctl_handle), or is dropped with the client when it stops reading
 * (its deadline). */
static void send_status(struct svc_sup *sup, struct svc_client *c)
{
	for (;;) {
		while (c->sent < c->len) {
			ssize_t n = send(c->fd, c->req + c->sent, c->len - c->sent,
			                 MSG_NOSIGNAL | MSG_DONTWAIT);

			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			if (n <= 0)
				return client_close(c);
			c->sent += (size_t)n;
		}
		if (c->next >= c->end)
			return client_close(c);
		const struct svc *s = &sup->svc[c->next++];

		c->len = svc_format_status(c->req, sizeof(c->req), s->conf->name, s->state, s->pid,
		                           s->respawns.n);
		if (s->disabled && s->state != SVC_DISABLED)
			c->len = svc_format_status_disabled(c->req, sizeof(c->req), c->len);
		if (s->conf->timer != NULL && s->state == SVC_RUNNING && s->timer_at != 0)
			c->len = svc_format_status_next(c->req, sizeof(c->req), c->len,
			                                s->timer_next);
		c->sent = 0;
	}
}

static void reply_status(struct svc_sup *sup, struct svc_client *c, ssize_t only)
{
	memcpy(c->req, "ok\n", 3);
	c->len = 3 + svc_format_status_header(c->req + 3, sizeof(c->req) - 3);
	c->sent = 0;
	c->next = only >= 0 ? (size_t)only : 0;
	c->end = only >= 0 ? (size_t)only + 1 : sup->n;
	send_status(sup, c);
}

/* ---- requests ---------------------------------------------------------- */

static bool is_root_service(const char *name)
{
	return strcmp(name, "root") == 0 || strcmp(name, "shepherd") == 0;
}

static void root_request(struct svc_sup *sup, struct svc_client *c)
{
	char line[128];

	if (c->op == SVC_OP_STATUS) { /* the supervisor itself, as Shepherd's */
		says(c->fd, "ok\n");
		say(c->fd, line, svc_format_status_header(line, sizeof(line)));
		say(c->fd, line,
		    svc_format_status(line, sizeof(line), "root", SVC_RUNNING, getpid(), 0));
		client_close(c);
	} else if (c->op == SVC_OP_STOP) {
		says(c->fd, "ok\nShutting down.\n");
		client_close(c);
		svc_begin_shutdown(sup, 0);
	} else if (c->op == SVC_OP_START) {
		says(c->fd, "ok\nService root is running.\n");
		client_close(c);
	} else if (c->op == SVC_OP_TRIGGER || c->op == SVC_OP_SCHEDULE) {
		sayf(c->fd, "error: service 'root' is not a timer\n");
		client_close(c);
	} else if (c->op == SVC_OP_FILES) {
		sayf(c->fd, "error: service 'root' has no action 'files'\n");
		client_close(c);
	} else if (c->op == SVC_OP_ENABLE || c->op == SVC_OP_DISABLE) {
		sayf(c->fd, "error: service 'root' cannot be %s\n",
		     c->op == SVC_OP_ENABLE ? "enabled" : "disabled");
		client_close(c);
	} else {
		sayf(c->fd, "error: cannot restart 'root' in a container; stop it instead\n");
		client_close(c);
	}
}

/* Shepherd's timer-trigger-action. */
static void trigger(struct svc_sup *sup, struct svc_client *c, size_t i)
{
	const char *name = sup->svc[i].conf->name;
	pid_t pid;
	int r = svc_timer_trigger(sup, i, &pid);

	if (r == 0)
		sayf(c->fd, "ok\nTimer %s triggered: process %d.\n", name, (int)pid);
	else if (r == -ENOTSUP)
		sayf(c->fd, "error: service '%s' is not a timer\n", name);
	else if (r == -ESRCH)
		sayf(c->fd, "error: timer '%s' is not running\n", name);
	else if (r == -EBUSY)
		sayf(c->fd, "error: timer '%s' is running its command already\n", name);
	else
		sayf(c->fd, "error: timer '%s': cannot fork its command\n", name);
	client_close(c);
}

/* Shepherd's timer schedule action: the timer's next SVC_SCHEDULE_COUNT
 * instants, local time. */
#define SVC_SCHEDULE_COUNT 10
static void schedule(struct svc_sup *sup, struct svc_client *c, size_t i)
{
	const struct svc *s = &sup->svc[i];
	struct gx_buf b = GX_BUF_INIT;
	time_t at;

	if (s->conf->timer == NULL) {
		sayf(c->fd, "error: service '%s' is not a timer\n", s->conf->name);
		return client_close(c);
	}
	if (s->state != SVC_RUNNING) {
		sayf(c->fd, "error: timer '%s' is not running\n", s->conf->name);
		return client_close(c);
	}
	/* None is due while a run it waits for goes on: from now, then. */
	at = s->timer_at != 0 ? s->timer_next
	                      : svc_timer_next(s->conf->timer, (time_t)(svc_wall_ms() / 1000));
	gx_buf_printf(&b, "ok\nUpcoming runs of timer %s:\n", s->conf->name);
	for (int k = 0; k < SVC_SCHEDULE_COUNT && at != (time_t)-1; k++) {
		char when[64];
		struct tm tm;

		if (localtime_r(&at, &tm) == NULL ||
		    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &tm) == 0)
			break;
		gx_buf_printf(&b, "  %s\n", when);
		at = svc_timer_next(s->conf->timer, at);
	}
	say(c->fd, b.data, b.len);
	gx_buf_free(&b);
	client_close(c);
}

/* Shepherd's actions of service I: boot.conf's `action NAME`. */
static void action(struct svc_sup *sup, struct svc_client *c, size_t i, const char *name)
{
	const struct svc *s = &sup->svc[i];
	const struct bc_action *a = NULL;
	struct gx_buf b = GX_BUF_INIT;

	for (size_t k = 0; k < s->conf->n_actions && a == NULL; k++)
		if (strcmp(s->conf->actions[k].name, name) == 0)
			a = &s->conf->actions[k];
	if (a == NULL) {
		sayf(c->fd, "error: service '%s' has no action '%s'\n", s->conf->name, name);
		return client_close(c);
	}
	switch (a->kind) {
	case BC_ACTION_CONFIGURATION:
		gx_buf_printf(&b, "ok\n%s\n", a->file);
		break;
	case BC_ACTION_SIGNAL:
		if (s->state != SVC_RUNNING || s->pid <= 0 || s->launcher) {
			gx_buf_printf(&b, "error: service '%s' is not running\n", s->conf->name);
			break;
		}
		if (kill(s->pid, a->signal) < 0)
			gx_buf_printf(&b, "error: service '%s': cannot signal process %d: %s\n",
			              s->conf->name, (int)s->pid, strerror(errno));
		else
			gx_buf_printf(&b, "ok\nIssued signal %d to service %s (PID %d).\n",
			              a->signal, s->conf->name, (int)s->pid);
		break;
	case BC_ACTION_COMMAND:
		gx_buf_puts(&b, "ok\nrun");
		for (char **p = a->command; *p; p++)
			gx_buf_printf(&b, "\t%s", *p);
		gx_buf_puts(&b, "\n");
		break;
	}
	say(c->fd, b.data, b.len);
	gx_buf_free(&b);
	client_close(c);
}

/* TEXT for a terminal: control characters but newlines and tabs shown as
 * '?' (a documentation string is the configuration's). */
static void put_text(struct gx_buf *b, const char *text)
{
	for (const char *p = text; *p; p++)
		gx_buf_putc(b, (unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' ? '?' : *p);
}

#define NO_DOC "[No documentation.]"
#define TRIGGER_DOC "Trigger immediate execution of this timer."

/* Shepherd's doc action: herd doc SERVICE [list-actions | action NAME]. */
static void doc(struct svc_sup *sup, struct svc_client *c, const char *arg)
{
	char name[SVC_CTL_REQ_MAX];
	struct gx_buf b = GX_BUF_INIT;
	const char *rest = "", *act;

	snprintf(name, sizeof(name), "%s", arg);
	char *sp = strchr(name, ' ');
	if (sp != NULL)
		*sp = '\0', rest = sp + 1;
	act = strncmp(rest, "action ", 7) == 0 ? rest + 7 : NULL;
	ssize_t i = is_root_service(name) ? -1 : svc_graph_find(sup->bc->services, sup->n, name);
	const struct bc_service *s = i >= 0 ? sup->svc[i].conf : NULL;
	bool timer = s != NULL && s->timer != NULL;

	if (s == NULL && !is_root_service(name)) {
		gx_buf_printf(&b, "error: unknown service '%s'\n", name);
	} else if (*rest == '\0') {
		gx_buf_puts(&b, "ok\n");
		put_text(&b, s == NULL ? "The root service is used to operate on shepherd itself."
		             : s->documentation != NULL ? s->documentation
		                                        : NO_DOC);
		gx_buf_puts(&b, "\n");
	} else if (act == NULL) { /* list-actions */
		gx_buf_printf(&b, "ok\n%s (%s", s ? s->name : "root", timer ? "trigger" : "");
		for (size_t k = 0; s != NULL && k < s->n_actions; k++)
			gx_buf_printf(&b, "%s%s", timer || k > 0 ? " " : "", s->actions[k].name);
		gx_buf_puts(&b, ")\n");
	} else {
		const struct bc_action *a = NULL;
		for (size_t k = 0; s != NULL && k < s->n_actions && a == NULL; k++)
			if (strcmp(s->actions[k].name, act) == 0)
				a = &s->actions[k];
		if (a == NULL && !(timer && strcmp(act, "trigger") == 0)) {
			gx_buf_printf(&b, "error: service '%s' has no action '%s'\n",
			              s ? s->name : "root", act);
		} else {
			gx_buf_printf(&b, "ok\n%s: ", act);
			put_text(&b, a == NULL                  ? TRIGGER_DOC
			             : a->documentation != NULL ? a->documentation
			                                        : NO_DOC);
			gx_buf_puts(&b, "\n");
		}
	}
	say(c->fd, b.data, b.len);
	gx_buf_free(&b);
	client_close(c);
}

static void execute(struct svc_sup *sup, struct svc_client *c, const char *arg)
{
	if (c->op == SVC_OP_DOC)
		return doc(sup, c, arg);

	ssize_t i = *arg ? svc_graph_find(sup->bc->services, sup->n, arg) : -1;

	if (c->op == SVC_OP_ROTATE_LOGS) {
		if (*arg)
			says(c->fd, "error: rotate-logs takes no service\n");
		else
			svc_logrot_run(sup, c->fd);
		return client_close(c);
	}
	if (*arg && is_root_service(arg)) {
		if (c->op == SVC_OP_ACTION) {
			sayf(c->fd, "error: service 'root' has no action '%s'\n", c->req);
			return client_close(c);
		}
		return root_request(sup, c);
	}
	if (*arg && i < 0) {
		sayf(c->fd, "error: unknown service '%s'\n", arg);
		return client_close(c);
	}
	if (c->op == SVC_OP_STATUS)
		return reply_status(sup, c, i);
	/* a timer's own, else the service's action of that name (mcron's) */
	if (c->op == SVC_OP_SCHEDULE && sup->svc[i].conf->timer == NULL &&
	    sup->svc[i].conf->n_actions > 0)
		return action(sup, c, (size_t)i, "schedule");
	if (c->op == SVC_OP_SCHEDULE)
		return schedule(sup, c, (size_t)i);
	if (c->op == SVC_OP_FILES) {
		svc_logrot_files(sup, (size_t)i, c->fd);
		return client_close(c);
	}
	if (c->op == SVC_OP_ACTION)
		return action(sup, c, (size_t)i, c->req);
	if (c->op == SVC_OP_ENABLE || c->op == SVC_OP_DISABLE) {
		svc_set_enabled(sup, (size_t)i, c->op == SVC_OP_ENABLE);
		sayf(c->fd, "ok\n%s service %s.\n", c->op == SVC_OP_ENABLE ? "Enabled" : "Disabled",
		     arg);
		return client_close(c);
	}
	if (sup->phase != SVC_PH_RUN && c->op != SVC_OP_STOP) {
		sayf(c->fd, "error: the system is shutting down\n");
		return client_close(c);
	}
	if (c->op == SVC_OP_TRIGGER)
		return trigger(sup, c, (size_t)i);
	if (c->op == SVC_OP_START && sup->svc[i].disabled && !svc_state_up(sup->svc[i].state)) {
		sayf(c->fd, "error: service '%s' is currently disabled (herd enable %s)\n", arg,
		     arg);
		return client_close(c);
	}
	c->target = (size_t)i;
	c->stops = sup->svc[i].stops;
	if (c->op == SVC_OP_START)
		svc_request_start(sup, c->target);
	else
		svc_request_stop(sup, c->target, c->op == SVC_OP_RESTART);
}

static void process(struct svc_sup *sup, struct svc_client *c)
{
	char *nl = memchr(c->req, '\n', c->len);
	const char *arg;

	if (nl == NULL) {
		if (c->len < sizeof(c->req) - 1)
			return; /* wait for the rest */
		says(c->fd, "error: request too long\n");
		return client_close(c);
	}
	*nl = '\0';
	if (c->refused) {
		/* Answered only now: closing with the request unread would
		 * reset the connection and lose the answer. */
		says(c->fd, "error: permission denied\n");
		return client_close(c);
	}
	if (strlen(c->req) != (size_t)(nl - c->req) || svc_ctl_parse(c->req, &c->op, &arg) < 0) {
		says(c->fd, "error: usage: status [SERVICE] | "
		            "start|stop|restart|trigger|schedule|files|ACTION SERVICE | "
		            "rotate-logs\n");
		return client_close(c);
	}
	execute(sup, c, arg);
}

static void receive(struct svc_sup *sup, struct svc_client *c)
{
	ssize_t n = recv(c->fd, c->req + c->len, sizeof(c->req) - 1 - c->len, MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0)
		return client_close(c);
	c->len += (size_t)n;
	process(sup, c);
}

static bool peer_is_root(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.uid == 0;
}

/* When a client that has sent nothing (and has nothing on its way) since
 * it connected gives its slot to a new connection, if every slot is busy:
 * clients that connect and stay silent, more of them than there are slots,
 * hold up herd for a second each, not for their whole deadline, however
 * many of them keep coming. */
static int64_t yield_at(const struct svc_client *c)
{
	return c->deadline - RECV_TIMEOUT_MS + IDLE_YIELD_MS;
}

static bool yields(const struct svc_client *c, int64_t now)
{
	char b;

	return c->fd >= 0 && c->op == SVC_OP_NONE && c->len == 0 && now >= yield_at(c) &&
	       recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) < 0 && errno == EAGAIN;
}

/* A slot for a new client: a free one, or the oldest silent client's. */
static struct svc_client *slot_for_new(struct svc_sup *sup, int64_t now)
{
	struct svc_client *oldest = NULL;

	for (size_t k = 0; k < SVC_CTL_CLIENTS; k++) {
		struct svc_client *c = &sup->client[k];

		if (c->fd < 0)
			return c;
		if (yields(c, now) && (oldest == NULL || c->deadline < oldest->deadline))
			oldest = c;
	}
	return oldest;
}

static void accept_client(struct svc_sup *sup, int64_t now)
{
	struct svc_client *c = slot_for_new(sup, now);
	int fd;

	if (c == NULL)
		return;
	fd = accept4(sup->ctl_listen, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0 && errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
		/* Out of descriptors (or memory): the connection stays in the
		 * backlog, and the socket stays readable; polled again at once,
		 * it kept PID 1 busy on one CPU.  Said once per pause. */
		if (sup->ctl_accept_pause == 0)
			svc_log(sup, "control: cannot accept a client: %s", strerror(errno));
		sup->ctl_accept_pause = now + ACCEPT_PAUSE_MS;
		return;
	}
	if (fd < 0)
		return;
	sup->ctl_accept_pause = 0;
	client_close(c); /* a silent one gives way */
	c->fd = fd;
	c->deadline = now + RECV_TIMEOUT_MS;
	c->refused = !peer_is_root(fd);
}

/* ---- the poll loop's view ---------------------------------------------- */

void svc_ctl_pollfds(struct svc_sup *sup, struct pollfd *pfd, int64_t now)
{
	/* With every slot busy (and no client silent long enough to give way),
	 * leave new connections in the backlog. */
	pfd[0] = (struct pollfd){ .fd = slot_for_new(sup, now) != NULL &&
		                                        now >= sup->ctl_accept_pause
		                                ? sup->ctl_listen
		                                : -1,
		                  .events = POLLIN };
	for (size_t k = 0; k < SVC_CTL_CLIENTS; k++) {
		const struct svc_client *c = &sup->client[k];

		/* a request to read, or the rest of a status to send */
		pfd[1 + k] = (struct pollfd){ .fd = c->op == SVC_OP_NONE || c->op == SVC_OP_STATUS
			                                    ? c->fd
			                                    : -1,
			                      .events = c->op == SVC_OP_STATUS ? POLLOUT : POLLIN };
	}
}

/* A client served from the poll loop: it sends its request, or takes the
 * rest of a status, within its deadline. */
static bool polled(const struct svc_client *c)
{
	return c->fd >= 0 && (c->op == SVC_OP_NONE || c->op == SVC_OP_STATUS);
}

void svc_ctl_handle(struct svc_sup *sup, const struct pollfd *pfd, int64_t now)
{
	for (size_t k = 0; k < SVC_CTL_CLIENTS; k++) {
		struct svc_client *c = &sup->client[k];

		if (!polled(c))
			continue;
		if (pfd[1 + k].revents != 0 && pfd[1 + k].fd == c->fd) {
			if (c->op == SVC_OP_STATUS)
				send_status(sup, c);
			else
				receive(sup, c);
			if (c->op == SVC_OP_STATUS) /* more to send: time to take it */
				c->deadline = now + RECV_TIMEOUT_MS;
		} else if (now >= c->deadline) {
			client_close(c);
		}
	}
	if (pfd[0].fd >= 0 && pfd[0].revents != 0)
		accept_client(sup, now);
}

int64_t svc_ctl_deadline(const struct svc_sup *sup, int64_t now)
{
	int64_t next = sup->ctl_accept_pause > now ? sup->ctl_accept_pause : INT64_MAX;

	for (size_t k = 0; k < SVC_CTL_CLIENTS; k++) {
		const struct svc_client *c = &sup->client[k];

		if (polled(c) && c->deadline < next)
			next = c->deadline;
		/* when it may give way (the listening socket is polled again) */
		if (polled(c) && c->op == SVC_OP_NONE && c->len == 0 && yield_at(c) > now &&
		    yield_at(c) < next)
			next = yield_at(c);
	}
	return next;
}

/* The answer to a pending start/stop/restart, or NULL while pending.
 * *OK tells which. */
static const char *outcome(const struct svc_sup *sup, const struct svc_client *c, bool *ok)
{
	const struct svc *s = &sup->svc[c->target];

	*ok = true;
	if (c->op == SVC_OP_STOP) /* perhaps started again since, by a start */
		return s->stops != c->stops || (!s->want_stop && !svc_state_active(s->state))
		               ? "has been stopped"
		               : NULL;
	if (s->want_stop || s->restart) /* a start waits for the stop under way */
		return NULL;
	if (svc_state_up(s->state))
		return "has been started";
	if (svc_state_active(s->state))
		return NULL;
	*ok = false;
	return "could not be started";
}

void svc_ctl_progress(struct svc_sup *sup)
{
	for (size_t k = 0; k < SVC_CTL_CLIENTS; k++) {
		struct svc_client *c = &sup->client[k];
		const char *what;
		const struct svc *s;
		bool ok;

		if (polled(c) || c->fd < 0)
			continue;
		what = outcome(sup, c, &ok);
		if (what == NULL)
			continue;
		s = &sup->svc[c->target];
		if (ok)
			sayf(c->fd, "ok\nService %s %s.\n", s->conf->name, what);
		else
			sayf(c->fd, "error: service '%s' %s (%s)\n", s->conf->name, what,
			     svc_state_name(s->state));
		client_close(c);
	}
}

/* ---- setup ------------------------------------------------------------- */

static int make_parent(const char *path, struct gx_error **err)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	size_t n = gx_dir_len(path);

	if (n <= 1) /* in the current directory or "/" */
		return 0;
	memcpy(dir, path, n);
	dir[n] = '\0';
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return gx_fail_errno(err, "mkdir '%s'", dir);
	return 0;
}

static int bind_listen(struct svc_sup *sup, const char *path, struct gx_error **err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	int r;

	strcpy(sa.sun_path, path);
	if (unlink(path) < 0 && errno != ENOENT)
		return gx_fail_errno(err, "remove stale '%s'", path);
	old = umask(077); /* no window where the socket is reachable by others */
	r = bind(sup->ctl_listen, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0)
		return gx_fail_errno(err, "bind '%s'", path);
	if (chmod(path, 0600) < 0)
		return gx_fail_errno(err, "chmod '%s'", path);
	if (listen(sup->ctl_listen, SVC_CTL_CLIENTS) < 0)
		return gx_fail_errno(err, "listen on '%s'", path);
	return 0;
}

int svc_ctl_open(struct svc_sup *sup, const char *path, struct gx_error **err)
{
	if (strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return gx_fail_input(err, "control socket path '%s' too long", path);
	if (make_parent(path, err) < 0)
		return -1;
	sup->ctl_listen = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (sup->ctl_listen < 0)
		return gx_fail_errno(err, "control socket");
	if (bind_listen(sup, path, err) < 0) {
		close(sup->ctl_listen);
		sup->ctl_listen = -1;
		return -1;
	}
	return 0;
}

void svc_ctl_close(struct svc_sup *sup, const char *path)
{
	for (size_t k = 0; k < SVC_CTL_CLIENTS; k++)
		if (sup->client[k].fd >= 0)
			client_close(&sup->client[k]);
	if (sup->ctl_listen < 0)
		return;
	close(sup->ctl_listen);
	sup->ctl_listen = -1;
	unlink(path);
}
