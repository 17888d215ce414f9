/* ev: a timer's calendar event, as Shepherd's (shepherd service timer)
 * makes it, read from a start gexp as data (nothing runs): calendar-event
 * with lists of values, or cron-string->calendar-event with a Vixie cron
 * date.  The result is struct bc_timer's sets, bit N for value N, 0 for
 * any value. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "ev_internal.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum unit { U_MONTH, U_DOM, U_DOW, U_HOUR, U_MINUTE, U_SECOND, U_COUNT };

/* calendar-event's keywords and the values each takes. */
static const struct unit_info {
	const char *keyword;
	const char *noun; /* "13 is not a month" */
	int lo, hi;
} units[U_COUNT] = {
	[U_MONTH] = { "months", "a month", 1, 12 },
	[U_DOM] = { "days-of-month", "a day of the month", 1, 31 },
	[U_DOW] = { "days-of-week", "a day of the week", 0, 6 },
	[U_HOUR] = { "hours", "an hour", 0, 23 },
	[U_MINUTE] = { "minutes", "a minute", 0, 59 },
	[U_SECOND] = { "seconds", "a second", 0, 59 },
};

static const char *const day_names[] = { "sunday",   "monday", "tuesday", "wednesday",
	                                 "thursday", "friday", "saturday" };

static bool is_form(const struct ev *v, const char *name)
{
	return v->type == EV_PAIR && v->u.pair.car->type == EV_SYMBOL &&
	       strcmp(v->u.pair.car->u.str.s, name) == 0;
}

/* X's value where X is #$ of it. */
static struct ev *unquoted(struct ev *v)
{
	return v->type == EV_UNGEXP && !v->u.ungexp.splice ? v->u.ungexp.val : v;
}

static void store(struct bc_timer *t, const uint64_t *set)
{
	t->months = (uint16_t)set[U_MONTH];
	t->days_of_month = (uint32_t)set[U_DOM];
	t->days_of_week = (uint8_t)set[U_DOW];
	t->hours = (uint32_t)set[U_HOUR];
	t->minutes = set[U_MINUTE];
	t->seconds = set[U_SECOND];
}

/* ---- calendar-event ---- */

/* One value of U: an integer, or a day's name for the days of the week;
 * as it is, quoted, or #$ of one.  Errors at the value, or at WHERE when
 * the value was made by the evaluator (#$(iota 7)). */
static int item(struct ev_ctx *c, struct ev *v, enum unit u, struct sx_loc where, uint64_t *set)
{
	const struct unit_info *ui = &units[u];
	struct ev *x = unquoted(v);
	struct sx_loc loc = v->loc.file != NULL ? v->loc : where;
	size_t i = 0;

	if (is_form(x, "quote") && ev_list_length(x) == 2)
		x = x->u.pair.cdr->u.pair.car;
	if (u == U_DOW) {
		while (x->type == EV_SYMBOL && i < N(day_names) && strcmp(day_names[i], x->u.str.s))
			i++;
		if (x->type != EV_SYMBOL || i == N(day_names))
			return ev_failn(c, loc,
			                "calendar-event: #:days-of-week: expected a day's name "
			                "(sunday to saturday), got %s",
			                ev_repr(c, x));
		*set |= 1ULL << i;
		return 0;
	}
	if (x->type != EV_INT)
		return ev_failn(c, loc, "calendar-event: #:%s: expected %s (%d to %d), got %s",
		                ui->keyword, ui->noun, ui->lo, ui->hi, ev_repr(c, x));
	if (x->u.i < ui->lo || x->u.i > ui->hi)
		return ev_failn(c, loc, "calendar-event: #:%s: %lld is not %s (%d to %d)",
		                ui->keyword, (long long)x->u.i, ui->noun, ui->lo, ui->hi);
	*set |= 1ULL << x->u.i;
	return 0;
}

/* (iota COUNT [START [STEP]]), integers: at most 60 values fit in a unit,
 * so 64 steps are enough to find one outside it. */
static int iota(struct ev_ctx *c, struct ev *v, enum unit u, uint64_t *set)
{
	const struct unit_info *ui = &units[u];
	int64_t a[3] = { 0, 0, 1 }, x;
	size_t n = 0;

	if (u == U_DOW) /* names, as '(1) is refused: not numbers */
		return ev_failn(c, v->loc,
		                "calendar-event: #:days-of-week: expected days' names (sunday to "
		                "saturday), got %s",
		                ev_repr(c, v));

	for (struct ev *p = v->u.pair.cdr; p->type == EV_PAIR; p = p->u.pair.cdr) {
		struct ev *e = unquoted(p->u.pair.car);

		if (n == 3 || e->type != EV_INT || (n == 0 && e->u.i < 0))
			return ev_failn(
			        c, v->loc,
			        "calendar-event: #:%s: expected (iota COUNT [START [STEP]]) "
			        "of integers, COUNT not negative",
			        ui->keyword);
		a[n++] = e->u.i;
	}
	if (n == 0 || !ev_is_list(v))
		return ev_failn(c, v->loc, "calendar-event: #:%s: (iota) needs a COUNT",
		                ui->keyword);
	x = a[1];
	for (int64_t i = 0; i < a[0] && i < 64; i++) {
		if (x < ui->lo || x > ui->hi)
			return ev_failn(
			        c, v->loc,
			        "calendar-event: #:%s: (iota ...) gives %lld, which is not %s "
			        "(%d to %d)",
			        ui->keyword, (long long)x, ui->noun, ui->lo, ui->hi);
		*set |= 1ULL << x;
		if (__builtin_add_overflow(x, a[2], &x))
			x = a[2] > 0 ? INT64_MAX : INT64_MIN;
	}
	return 0;
}

/* The values of U: '(...), (list ...), (iota ...), '#$ of a list (Guix's
 * idiom: the list is data in the code) or #$ of one. */
static int values(struct ev_ctx *c, struct ev *v, enum unit u, uint64_t *set)
{
	const struct unit_info *ui = &units[u];
	struct ev *list = NULL;

	*set = 0;
	if (v->type == EV_UNGEXP && !v->u.ungexp.splice)
		list = v->u.ungexp.val;
	else if (is_form(v, "quote") && ev_list_length(v) == 2)
		list = unquoted(v->u.pair.cdr->u.pair.car); /* '(...), or '#$LIST as Guix has it */
	else if (is_form(v, "list"))
		list = v->u.pair.cdr;
	if (is_form(v, "iota")) {
		if (iota(c, v, u, set) < 0)
			return -1;
	} else if (list == NULL || !ev_is_list(list)) {
		return ev_failn(c, v->loc,
		                "calendar-event: #:%s: expected a list ('(...), (list ...), "
		                "(iota ...) or '#$LIST), got %s",
		                ui->keyword, ev_repr(c, v));
	}
	for (struct ev *p = list; p != NULL && p->type == EV_PAIR; p = p->u.pair.cdr)
		if (item(c, p->u.pair.car, u, v->loc, set) < 0)
			return -1;
	if (*set == 0)
		return ev_failn(c, v->loc,
		                "calendar-event: #:%s: no value is allowed, so the timer would "
		                "never fire",
		                ui->keyword);
	return 0;
}

static int unknown_keyword(struct ev_ctx *c, const struct ev *k)
{
	const char *best = NULL;
	size_t best_d = ev_suggest_max(k->u.str.s) + 1;

	for (size_t i = 0; i < U_COUNT; i++) {
		size_t d = ev_edit_distance(k->u.str.s, units[i].keyword);

		if (d < best_d)
			best_d = d, best = units[i].keyword;
	}
	return ev_failn(c, k->loc, "calendar-event: unknown keyword #:%s%s%s%s", k->u.str.s,
	                best ? " (did you mean #:" : "", best ? best : "", best ? "?)" : "");
}

/* (calendar-event #:months L ...): an absent list allows any value, but
 * for the seconds, '(0) by default. */
static int calendar_event(struct ev_ctx *c, struct ev *call, struct bc_timer *t)
{
	uint64_t set[U_COUNT] = { [U_SECOND] = 1 };
	bool given[U_COUNT] = { false };

	for (struct ev *p = call->u.pair.cdr; p->type == EV_PAIR; p = p->u.pair.cdr->u.pair.cdr) {
		struct ev *k = p->u.pair.car;
		size_t u = 0;

		if (k->type != EV_KEYWORD || p->u.pair.cdr->type != EV_PAIR)
			return ev_failn(c, k->loc,
			                "calendar-event: expected #:KEYWORD VALUE, got %s",
			                ev_repr(c, k));
		while (u < U_COUNT && strcmp(units[u].keyword, k->u.str.s) != 0)
			u++;
		if (u == U_COUNT)
			return unknown_keyword(c, k);
		if (given[u])
			return ev_failn(c, k->loc, "calendar-event: #:%s is given twice",
			                k->u.str.s);
		given[u] = true;
		if (values(c, p->u.pair.cdr->u.pair.car, (enum unit)u, &set[u]) < 0)
			return -1;
	}
	store(t, set);
	return 0;
}

/* ---- cron-string->calendar-event ---- */

static const char *const month_abbr[] = { "jan", "feb", "mar", "apr", "may", "jun",
	                                  "jul", "aug", "sep", "oct", "nov", "dec" };
static const char *const day_abbr[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

/* Vixie cron's fields, in their order: the values each takes (the day of
 * the week 0 to 7, both Sunday) and the names it knows (names[i] is
 * lo + i). */
static const struct cron_field {
	enum unit unit;
	const char *name;
	int lo, hi;
	const char *const *names;
	size_t n_names;
} cron_fields[] = {
	{ U_MINUTE, "minute", 0, 59, NULL, 0 },
	{ U_HOUR, "hour", 0, 23, NULL, 0 },
	{ U_DOM, "day-of-month", 1, 31, NULL, 0 },
	{ U_MONTH, "month", 1, 12, month_abbr, N(month_abbr) },
	{ U_DOW, "day-of-week", 0, 7, day_abbr, N(day_abbr) },
};

/* Digits at *P (advanced), at most 4 of them; -1 if none. */
static int digits(const char **p)
{
	int n = 0, len = 0;

	while (isdigit((unsigned char)**p) && len < 5)
		n = n * 10 + (*(*p)++ - '0'), len++;
	return len == 0 || len == 5 ? -1 : n;
}

/* A number or a name of F at *P (advanced) in *OUT; else why not. */
static const char *cron_value(struct ev_ctx *c, const struct cron_field *f, const char **p,
                              int *out)
{
	const char *s = *p;
	size_t len = 0, i = 0;

	if (isdigit((unsigned char)*s)) {
		*out = digits(p);
		if (*out < f->lo || *out > f->hi)
			return gx_arena_printf(c->arena, "%.*s is not %s (%d to %d)",
			                       (int)strspn(s, "0123456789"), s, units[f->unit].noun,
			                       f->lo, f->hi);
		return NULL;
	}
	while (isalpha((unsigned char)s[len]))
		len++;
	if (*s == '\0' || *s == ',')
		return "an element of the list is empty";
	if (len == 0 || f->names == NULL)
		return gx_arena_printf(c->arena, "expected a number%s at \"%s\"",
		                       f->names ? " or a name" : "", s);
	while (i < f->n_names && !(len == 3 && strncasecmp(s, f->names[i], 3) == 0))
		i++;
	if (i == f->n_names)
		return gx_arena_printf(c->arena, "unknown name \"%.*s\"", (int)len, s);
	*out = f->lo + (int)i;
	*p = s + len;
	return NULL;
}

/* One element of a list: *, N or N-M, then /STEP after * or a range. */
static const char *cron_element(struct ev_ctx *c, const struct cron_field *f, const char **p,
                                uint64_t *set)
{
	const char *why;
	int a = f->lo, b = f->hi, step = 1;
	bool range = true;

	if (**p == '*') {
		(*p)++;
	} else {
		if ((why = cron_value(c, f, p, &a)) != NULL)
			return why;
		b = a;
		range = **p == '-';
		if (range) {
			++*p;
			if (**p == '\0' || **p == ',')
				return f->names ? "expected a number or a name after '-'"
				                : "expected a number after '-'";
			if ((why = cron_value(c, f, p, &b)) != NULL)
				return why;
		}
		if (b < a)
			return gx_arena_printf(c->arena, "the range %d-%d goes backwards", a, b);
	}
	if (**p == '/') {
		if (!range)
			return "a step (/N) follows * or a range, not a single value";
		++*p;
		if ((step = digits(p)) < 1)
			return "expected a step from 1 to 9999 after '/'";
	}
	for (int v = a; v <= b; v += step)
		*set |= 1ULL << (f->unit == U_DOW && v == 7 ? 0 : v);
	return NULL;
}

/* A field: elements separated by commas.  One that starts with '*' and
 * leaves no value out allows any: unrestricted, as in Vixie cron (so that
 * a day of the week is not taken as an alternative to it).  One that
 * starts with '*' and leaves values out (a step) is restricted here, where
 * Vixie cron takes any such field as unrestricted: for a day field beside
 * a restricted other one, that would be another schedule (cron_event
 * refuses it). */
static const char *cron_field(struct ev_ctx *c, const struct cron_field *f, const char *text,
                              uint64_t *set)
{
	const char *p = text, *why;
	int hi = f->unit == U_DOW ? 6 : f->hi;
	uint64_t all = ((1ULL << (hi + 1)) - 1) & ~((1ULL << f->lo) - 1);

	*set = 0;
	for (;;) {
		if ((why = cron_element(c, f, &p, set)) != NULL)
			return why;
		if (*p == '\0')
			break;
		if (*p != ',')
			return gx_arena_printf(c->arena, "unexpected \"%s\"", p);
		p++;
	}
	if (text[0] == '*' && *set == all)
		*set = 0;
	return NULL;
}

static int cron_event(struct ev_ctx *c, struct ev *call, struct bc_timer *t, const char **cron)
{
	struct ev *v =
	        call->u.pair.cdr->type == EV_PAIR ? unquoted(call->u.pair.cdr->u.pair.car) : call;
	uint64_t set[U_COUNT] = { [U_SECOND] = 1 };
	const char *field[N(cron_fields)], *why;
	char *copy, *save = NULL;
	size_t n = 0;

	if (v == call || v->type != EV_STRING || ev_list_length(call) != 2 ||
	    strlen(v->u.str.s) != v->u.str.len)
		return ev_failn(c, v->loc, "cron-string->calendar-event: expected a string, got %s",
		                ev_repr(c, v));
	copy = gx_arena_strdup(c->arena, v->u.str.s);
	/* blanks and line ends separate fields, as Shepherd's string-tokenize
	 * takes graphic characters only */
	for (char *f = strtok_r(copy, " \t\n\r\v\f", &save); f != NULL;
	     f = strtok_r(NULL, " \t\n\r\v\f", &save))
		if (n++ < N(cron_fields))
			field[n - 1] = f;
	if (n != N(cron_fields))
		return ev_failn(c, v->loc,
		                "cron-string->calendar-event: \"%s\": expected 5 fields (minute "
		                "hour day-of-month month day-of-week), got %zu%s",
		                v->u.str.s, n,
		                v->u.str.s[0] == '@' ? " (@ names are not supported)" : "");
	for (size_t i = 0; i < N(cron_fields); i++)
		if ((why = cron_field(c, &cron_fields[i], field[i], &set[cron_fields[i].unit])))
			return ev_failn(c, v->loc,
			                "cron-string->calendar-event: \"%s\": %s field \"%s\": %s",
			                v->u.str.s, cron_fields[i].name, field[i], why);
	/* Vixie cron: a day field starting with '*' does not make the day an
	 * alternative to the other day field; gxsys-init's calendar would
	 * (either day), so the two schedules differ: refused, not changed. */
	for (size_t k = 0; k < 2; k++) {
		size_t i = k == 0 ? 2 : 4, other = k == 0 ? 4 : 2;

		if (field[i][0] == '*' && set[cron_fields[i].unit] != 0 &&
		    set[cron_fields[other].unit] != 0)
			return ev_failn(
			        c, v->loc,
			        "cron-string->calendar-event: \"%s\": %s field \"%s\" starts "
			        "with '*' but leaves days out, beside a %s field: Vixie cron "
			        "would require both days, gxsys takes either; list the days "
			        "instead",
			        v->u.str.s, cron_fields[i].name, field[i], cron_fields[other].name);
	}
	store(t, set);
	*cron = v->u.str.s;
	return 0;
}

/* Whether the days of the month T allows come in some month it allows
 * (the 30th of February never does); the days of the week always do. */
static bool occurs(const struct bc_timer *t)
{
	static const int days_in[13] = { 0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (t->days_of_month == 0 || t->days_of_week != 0)
		return true;
	for (int m = 1; m <= 12; m++)
		for (int d = 1; (t->months == 0 || (t->months >> m & 1)) && d <= days_in[m]; d++)
			if (t->days_of_month >> d & 1)
				return true;
	return false;
}

int ev_timer_event(struct ev_ctx *c, struct ev *event, struct bc_timer *t, const char **cron)
{
	int r;

	if (is_form(event, "calendar-event"))
		r = calendar_event(c, event, t);
	else if (is_form(event, "cron-string->calendar-event"))
		r = cron_event(c, event, t, cron);
	else
		r = 1;
	if (r == 0 && !occurs(t))
		return ev_failn(c, event->loc,
		                "%s: the event never occurs: no month it allows has a day of the "
		                "month it allows",
		                event->u.pair.car->u.str.s);
	if (r <= 0)
		return r;
	return ev_failn(c, event->loc,
	                "make-timer-constructor: expected a calendar event, (calendar-event ...) "
	                "or (cron-string->calendar-event \"...\"), got %s",
	                ev_repr(c, event));
}
