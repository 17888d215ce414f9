/* ev: Guix's records (define-record-type* style): field tables with their
 * Guix defaults, the constructor syntax `(TYPE (FIELD VALUE)... (inherit R))`,
 * and the base records (%base-user-accounts, %base-groups...). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ev_internal.h"
#include "services/services.h"

#define CAR(x) ((x)->u.pair.car)
#define CDR(x) ((x)->u.pair.cdr)
#define IS_PAIR(x) ((x) != NULL && (x)->type == SX_PAIR)
#define N(a) (sizeof(a) / sizeof((a)[0]))

#define IGN "ignored in a container"

/* operating-system's list defaults are the %base-... variables. */
static struct ev *global_or_nil(struct ev_ctx *c, const char *name, struct sx_loc loc)
{
	struct ev *v = ev_lookup(c->global, name);

	return v ? v : ev_nil(c, loc);
}
static struct ev *d_users(struct ev_ctx *c, struct sx_loc loc)
{
	return global_or_nil(c, "%base-user-accounts", loc);
}
static struct ev *d_groups(struct ev_ctx *c, struct sx_loc loc)
{
	return global_or_nil(c, "%base-groups", loc);
}
static struct ev *d_packages(struct ev_ctx *c, struct sx_loc loc)
{
	return global_or_nil(c, "%base-packages", loc);
}
static struct ev *d_services(struct ev_ctx *c, struct sx_loc loc)
{
	return global_or_nil(c, "%base-services", loc);
}
static struct ev *d_locale_definitions(struct ev_ctx *c, struct sx_loc loc)
{
	return global_or_nil(c, "%default-locale-definitions", loc);
}

static const struct ev_field os_fields[] = {
	{ "kernel", D_FALSE, 0, NULL, NULL, "ignored: the host's kernel runs the container" },
	{ "kernel-loadable-modules", D_NIL, 0, NULL, NULL, IGN },
	{ "kernel-arguments", D_NIL, 0, NULL, NULL, IGN },
	{ "hurd", D_FALSE, 0, NULL, NULL, IGN },
	{ "bootloader", D_REQUIRED, 0, NULL, NULL,
	  "ignored: a container is not booted by a bootloader" },
	{ "label", D_FALSE, 0, NULL, NULL, IGN },
	{ "keyboard-layout", D_FALSE, 0, NULL, NULL, IGN },
	{ "initrd", D_FALSE, 0, NULL, NULL, "ignored: a container has no initrd" },
	{ "initrd-modules", D_NIL, 0, NULL, NULL, IGN },
	{ "firmware", D_NIL, 0, NULL, NULL, IGN },
	{ "host-name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "hosts-file", D_FALSE, 0, NULL, NULL, NULL },
	{ "mapped-devices", D_NIL, 0, NULL, NULL, IGN },
	{ "file-systems", D_REQUIRED, 0, NULL, NULL,
	  "ignored: the container's file systems are set up by gxsys-init" },
	{ "swap-devices", D_NIL, 0, NULL, NULL, IGN },
	{ "users", D_FN, 0, NULL, d_users, NULL },
	{ "groups", D_FN, 0, NULL, d_groups, NULL },
	{ "skeletons", D_FALSE, 0, NULL, NULL, "ignored: the packages' /etc/skel is used" },
	{ "issue", D_STRING, 0, "\nThis is the GNU system.  Welcome.\n", NULL, NULL },
	{ "packages", D_FN, 0, NULL, d_packages, NULL },
	{ "timezone", D_STRING, 0, "Etc/UTC", NULL, NULL },
	{ "locale", D_STRING, 0, "en_US.utf8", NULL, NULL },
	{ "locale-definitions", D_FN, 0, NULL, d_locale_definitions, NULL },
	{ "locale-libcs", D_NIL, 0, NULL, NULL, IGN },
	{ "name-service-switch", D_FALSE, 0, NULL, NULL,
	  "ignored: /etc/nsswitch.conf uses files and dns" },
	{ "essential-services", D_FALSE, 0, NULL, NULL,
	  "ignored: gxsys provides the essential services" },
	{ "services", D_FN, 0, NULL, d_services, NULL },
	{ "pam-services", D_FALSE, 0, NULL, NULL,
	  "ignored: the packages' PAM configuration is used" },
	{ "privileged-programs", D_FALSE, 0, NULL, NULL,
	  "ignored: no setuid programs in a gxsys container" },
	{ "setuid-programs", D_FALSE, 0, NULL, NULL,
	  "ignored: no setuid programs in a gxsys container" },
	{ "sudoers-file", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_field user_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "password", D_FALSE, 0, NULL, NULL, NULL },
	{ "uid", D_FALSE, 0, NULL, NULL, NULL },
	{ "group", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "supplementary-groups", D_NIL, 0, NULL, NULL, NULL },
	{ "comment", D_STRING, 0, "", NULL, NULL },
	{ "home-directory", D_FALSE, 0, NULL, NULL, NULL }, /* thunked: /home/NAME */
	{ "create-home-directory?", D_TRUE, 0, NULL, NULL, NULL },
	{ "shell", D_FALSE, 0, NULL, NULL, NULL }, /* (default-shell): bash */
	{ "system?", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_field group_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "password", D_FALSE, 0, NULL, NULL, NULL },
	{ "id", D_FALSE, 0, NULL, NULL, NULL },
	{ "system?", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_field fs_fields[] = {
	{ "device", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "mount-point", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "type", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "flags", D_NIL, 0, NULL, NULL, NULL },
	{ "options", D_FALSE, 0, NULL, NULL, NULL },
	{ "mount?", D_TRUE, 0, NULL, NULL, NULL },
	{ "mount-may-fail?", D_FALSE, 0, NULL, NULL, NULL },
	{ "needed-for-boot?", D_FALSE, 0, NULL, NULL, NULL },
	{ "check?", D_TRUE, 0, NULL, NULL, NULL },
	{ "skip-check-if-clean?", D_TRUE, 0, NULL, NULL, NULL },
	{ "repair", D_SYMBOL, 0, "preen", NULL, NULL },
	{ "create-mount-point?", D_FALSE, 0, NULL, NULL, NULL },
	{ "dependencies", D_NIL, 0, NULL, NULL, NULL },
	{ "shepherd-requirements", D_NIL, 0, NULL, NULL, NULL },
};

static const struct ev_field shepherd_fields[] = {
	{ "documentation", D_FALSE, 0, NULL, NULL, NULL },
	{ "provision", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "requirement", D_NIL, 0, NULL, NULL, NULL },
	{ "one-shot?", D_FALSE, 0, NULL, NULL, NULL },
	{ "respawn?", D_TRUE, 0, NULL, NULL, NULL },
	{ "respawn-limit", D_FALSE, 0, NULL, NULL, NULL },
	{ "respawn-delay", D_FALSE, 0, NULL, NULL, NULL },
	{ "free-form", D_FALSE, 0, NULL, NULL, NULL },
	{ "start", D_FALSE, 0, NULL, NULL, NULL }, /* #~(const #t) */
	{ "stop", D_FALSE, 0, NULL, NULL, NULL },  /* #~(const #f) */
	{ "actions", D_NIL, 0, NULL, NULL, NULL },
	{ "auto-start?", D_TRUE, 0, NULL, NULL, NULL },
	{ "modules", D_NIL, 0, NULL, NULL, NULL },
	{ "transient?", D_FALSE, 0, NULL, NULL, NULL },
};

static const struct ev_field action_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "procedure", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "documentation", D_STRING, 0, "[No documentation.]", NULL, NULL },
};

static const struct ev_field stype_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "extensions", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "compose", D_FALSE, 0, NULL, NULL, NULL },
	{ "extend", D_FALSE, 0, NULL, NULL, NULL },
	{ "default-value", D_UNSET, 0, NULL, NULL, NULL },
	{ "description", D_STRING, 0, "", NULL, NULL },
};

/* gnu/system/locale.scm */
static const struct ev_field locale_fields[] = {
	{ "name", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "source", D_REQUIRED, 0, NULL, NULL, NULL },
	{ "charset", D_STRING, 0, "UTF-8", NULL, NULL },
};

static const struct ev_rtd base_rtds[] = {
	{ "operating-system", os_fields, N(os_fields), false },
	{ "user-account", user_fields, N(user_fields), false },
	{ "user-group", group_fields, N(group_fields), false },
	{ "file-system", fs_fields, N(fs_fields), false },
	{ "shepherd-service", shepherd_fields, N(shepherd_fields), false },
	{ "shepherd-action", action_fields, N(action_fields), false },
	{ "service-type", stype_fields, N(stype_fields), false },
	{ "locale-definition", locale_fields, N(locale_fields), false },
	/* Accepted and ignored in a container: any field. */
	{ "bootloader-configuration", NULL, 0, true },
	{ "menu-entry", NULL, 0, true },
	{ "mapped-device", NULL, 0, true },
	{ "swap-space", NULL, 0, true },
	{ "subid-range", NULL, 0, true },
	{ "privileged-program", NULL, 0, true },
	{ "setuid-program", NULL, 0, true },
	{ "pam-service", NULL, 0, true },
	{ "name-service-switch", NULL, 0, true },
	{ "name-service", NULL, 0, true },
};

const struct ev_rtd *ev_find_rtd(const char *name)
{
	for (size_t i = 0; i < N(base_rtds); i++)
		if (strcmp(base_rtds[i].name, name) == 0)
			return &base_rtds[i];
	return svc_find_rtd(name);
}

static int field_index(const struct ev_rtd *rtd, const char *field)
{
	for (size_t i = 0; i < rtd->n_fields; i++)
		if (strcmp(rtd->fields[i].name, field) == 0)
			return (int)i;
	return -1;
}

static struct ev *field_default(struct ev_ctx *c, const struct ev_field *f, struct sx_loc loc)
{
	switch (f->dflt) {
	case D_FALSE:
		return ev_bool(c, false, loc);
	case D_TRUE:
		return ev_bool(c, true, loc);
	case D_NIL:
		return ev_nil(c, loc);
	case D_INT:
		return ev_int(c, f->i, loc);
	case D_STRING:
		return ev_cstring(c, f->s, loc);
	case D_SYMBOL:
		return ev_symbol(c, f->s, loc);
	case D_STRLIST:
		return ev_strlist(c, f->s, loc);
	case D_FN:
		if (f->fn != NULL)
			return f->fn(c, loc);
		return NULL; /* computed by the consumer (operating-system lists) */
	case D_UNSET:
	case D_REQUIRED:
	default:
		return NULL;
	}
}

struct ev *ev_record_new(struct ev_ctx *c, const struct ev_rtd *rtd, struct sx_loc loc)
{
	struct ev *v = ev_new(c, EV_RECORD, loc);
	struct ev_record *r = gx_arena_alloc(c->arena, sizeof(*r));

	r->rtd = rtd;
	r->values = gx_arena_alloc(c->arena, (rtd->n_fields + 1) * sizeof(*r->values));
	r->locs = gx_arena_alloc(c->arena, (rtd->n_fields + 1) * sizeof(*r->locs));
	r->open_fields = ev_nil(c, loc);
	v->u.rec = r;
	return v;
}

int ev_record_set(struct ev_ctx *c, struct ev *rec, const char *field, struct ev *val)
{
	int i = field_index(rec->u.rec->rtd, field);

	if (i < 0)
		return ev_failn(c, rec->loc, "%s has no field '%s'", rec->u.rec->rtd->name, field);
	rec->u.rec->values[i] = val;
	rec->u.rec->locs[i] = val->loc;
	return 0;
}

static void suggest_field(const struct ev_rtd *rtd, const char *name, struct gx_buf *out)
{
	const char *best = NULL;
	size_t best_d = ev_suggest_max(name) + 1;

	for (size_t i = 0; i < rtd->n_fields; i++) {
		size_t d = ev_edit_distance(name, rtd->fields[i].name);

		/* (port 22) for port-number: a prefix is a near miss too. */
		if (strlen(name) >= 3 && strncmp(rtd->fields[i].name, name, strlen(name)) == 0)
			d = 1;

		if (d < best_d) {
			best_d = d;
			best = rtd->fields[i].name;
		}
	}
	if (best != NULL)
		gx_buf_printf(out, " (did you mean '%s'?)", best);
}

/* Field CLAUSE of REC, evaluated in *ENV; then *ENV is a frame binding
 * the field's name to its value, for the fields written after it: Guix's
 * record constructors are a let* of the fields, so that an installer's
 * (file-system ... (dependencies mapped-devices)) or (bootloader-configuration
 * ... (keyboard-layout keyboard-layout)) refer to the fields given before.
 * (Guix binds a thunked field, such as user-account's home-directory, to
 * its thunk, which no configuration has a use for; gxsys binds every field
 * to its value.) */
static int set_field(struct ev_ctx *c, struct ev *rec, const struct sx *clause, struct ev_env **env,
                     bool *given)
{
	const struct ev_rtd *rtd = rec->u.rec->rtd;
	const char *name;
	struct ev *v;
	int i;

	if (!IS_PAIR(clause) || CAR(clause)->type != SX_SYMBOL || sx_list_length(clause) > 2 ||
	    sx_list_length(clause) == SIZE_MAX)
		return ev_failn(c, clause->loc, "%s: bad field: expected (FIELD VALUE)", rtd->name);
	name = CAR(clause)->u.str.text;
	/* (FIELD) alone takes the variable of the same name, as Guix's records do. */
	v = CDR(clause)->type == SX_NIL ? ev_eval(c, CAR(clause), *env)
	                                : ev_eval(c, CAR(CDR(clause)), *env);
	if (v == NULL)
		return -1;
	*env = ev_env_new(c, *env);
	ev_define(c, *env, name, v);
	if (rtd->open) {
		struct ev *cell = ev_cons(c, ev_symbol(c, name, clause->loc), v, clause->loc);

		rec->u.rec->open_fields = ev_cons(c, cell, rec->u.rec->open_fields, clause->loc);
		return 0;
	}
	if ((i = field_index(rtd, name)) < 0) {
		struct gx_buf b = GX_BUF_INIT;

		suggest_field(rtd, name, &b);
		ev_failn(c, CAR(clause)->loc, "%s: unknown field '%s'%s", rtd->name, name,
		         b.data ? b.data : "");
		gx_buf_free(&b);
		return -1;
	}
	if (given[i])
		return ev_failn(c, CAR(clause)->loc, "%s: field '%s' given twice", rtd->name, name);
	given[i] = true;
	rec->u.rec->values[i] = v;
	rec->u.rec->locs[i] = clause->loc;
	return 0;
}

static int inherit_from(struct ev_ctx *c, struct ev *rec, const struct sx *clause,
                        struct ev_env *env)
{
	const struct ev_rtd *rtd = rec->u.rec->rtd;
	struct ev *base;

	if (sx_list_length(clause) != 2)
		return ev_failn(c, clause->loc, "%s: bad inherit: expected (inherit RECORD)",
		                rtd->name);
	if ((base = ev_eval(c, CAR(CDR(clause)), env)) == NULL)
		return -1;
	if (base->type != EV_RECORD || base->u.rec->rtd != rtd)
		return ev_failn(c, CAR(CDR(clause))->loc, "%s: cannot inherit from %s", rtd->name,
		                ev_repr(c, base));
	memcpy(rec->u.rec->values, base->u.rec->values, rtd->n_fields * sizeof(struct ev *));
	memcpy(rec->u.rec->locs, base->u.rec->locs, rtd->n_fields * sizeof(struct sx_loc));
	rec->u.rec->open_fields = base->u.rec->open_fields;
	return 0;
}

int ev_record_fill_defaults(struct ev_ctx *c, struct ev *rec, struct sx_loc loc)
{
	const struct ev_rtd *rtd = rec->u.rec->rtd;

	for (size_t i = 0; i < rtd->n_fields; i++) {
		const struct ev_field *f = &rtd->fields[i];

		if (rec->u.rec->values[i] != NULL)
			continue;
		if (f->dflt == D_REQUIRED)
			return ev_failn(c, loc, "%s: missing field '%s'", rtd->name, f->name);
		rec->u.rec->values[i] = field_default(c, f, loc);
		if (c->err != NULL)
			return -1;
	}
	return 0;
}

struct ev *ev_make_record(struct ev_ctx *c, const struct sx *form, const struct ev_rtd *rtd,
                          struct ev_env *env)
{
	struct ev *rec = ev_record_new(c, rtd, form->loc);
	bool *given = gx_arena_alloc(c->arena, rtd->n_fields + 1);
	const struct sx *p;

	/* (inherit R) applies first wherever it is written, as in Guix. */
	for (p = CDR(form); IS_PAIR(p); p = CDR(p))
		if (IS_PAIR(CAR(p)) && sx_is_symbol(CAR(CAR(p)), "inherit"))
			if (inherit_from(c, rec, CAR(p), env) < 0)
				return NULL;
	for (p = CDR(form); IS_PAIR(p); p = CDR(p))
		if (!(IS_PAIR(CAR(p)) && sx_is_symbol(CAR(CAR(p)), "inherit")))
			if (set_field(c, rec, CAR(p), &env, given) < 0)
				return NULL;
	if (ev_record_fill_defaults(c, rec, form->loc) < 0)
		return NULL;
	if (strcmp(rtd->name, "service-type") == 0)
		return svc_custom_type(c, rec);
	return rec;
}

/* ---- accessors and predicates ---- */

/* Guix's accessors are RECORD-FIELD but for these. */
static const struct {
	const char *rtd, *field, *accessor;
} accessor_names[] = {
	{ "operating-system", "services", "operating-system-user-services" },
	{ "operating-system", "kernel-arguments", "operating-system-user-kernel-arguments" },
	{ "openssh-configuration", "authorized-keys", "openssh-authorized-keys" },
	{ "opensmtpd-configuration", "setgid-commands?", "opensmtpd-setgid-commands?" },
};

/* A generated procedure: its ev_prim first, so that the primitive being
 * applied (c->prim) is the accessor. */
struct accessor {
	struct ev_prim prim;
	const struct ev_rtd *rtd;
	size_t field; /* SIZE_MAX: the predicate RECORD? */
};

/* Guix's thunked defaults that gxsys leaves #f for the model builder to
 * compute: an accessor returns what Guix's would. */
static struct ev *thunked_default(struct ev_ctx *c, const struct ev *rec, const char *field,
                                  struct sx_loc loc)
{
	struct ev *name = ev_record_get(rec, "name");
	struct ev *shell;

	if (!ev_record_is(rec, "user-account"))
		return NULL;
	if (strcmp(field, "home-directory") == 0 && name != NULL && name->type == EV_STRING)
		return ev_cstring(c, gx_arena_printf(c->arena, "/home/%s", name->u.str.s), loc);
	if (strcmp(field, "shell") != 0)
		return NULL;
	/* (default-shell): (file-append bash "/bin/bash") */
	shell = ev_new(c, EV_FILE, loc);
	shell->u.file = gx_arena_alloc(c->arena, sizeof(*shell->u.file));
	shell->u.file->kind = F_APPEND;
	shell->u.file->base = ev_package(c, "bash", loc);
	shell->u.file->suffix = "/bin/bash";
	return shell;
}

static struct ev *p_accessor(struct ev_ctx *c, struct ev **a, size_t n, struct sx_loc loc)
{
	const struct accessor *acc = (const struct accessor *)c->prim;
	const struct ev_field *f;
	struct ev *v;

	(void)n;
	if (acc->field == SIZE_MAX)
		return ev_bool(c, a[0]->type == EV_RECORD && a[0]->u.rec->rtd == acc->rtd, loc);
	if (a[0]->type != EV_RECORD || a[0]->u.rec->rtd != acc->rtd)
		return ev_fail(c, loc, "%s: expected a %s record, got %s", acc->prim.name,
		               acc->rtd->name, ev_repr(c, a[0]));
	f = &acc->rtd->fields[acc->field];
	v = a[0]->u.rec->values[acc->field];
	if (v == NULL)
		v = field_default(c, f, loc);
	if (v != NULL && v->type == EV_BOOL && !v->u.b) {
		struct ev *t = thunked_default(c, a[0], f->name, loc);

		if (t != NULL)
			return t;
	}
	return v != NULL ? v : ev_unspec(c, loc);
}

static const char *accessor_name(struct ev_ctx *c, const struct ev_rtd *rtd, const char *field)
{
	for (size_t i = 0; i < N(accessor_names); i++)
		if (strcmp(accessor_names[i].rtd, rtd->name) == 0 &&
		    strcmp(accessor_names[i].field, field) == 0)
			return accessor_names[i].accessor;
	return gx_arena_printf(c->arena, "%s-%s", rtd->name, field);
}

static void bind_accessor(struct ev_ctx *c, const struct ev_rtd *rtd, size_t field)
{
	struct sx_loc none = { NULL, 0, 0 };
	struct accessor *acc = gx_arena_alloc(c->arena, sizeof(*acc));
	const char *name = field == SIZE_MAX ? gx_arena_printf(c->arena, "%s?", rtd->name)
	                                     : accessor_name(c, rtd, rtd->fields[field].name);
	struct ev *v;

	/* A Guix procedure of the same name (file-system-label...) stays. */
	if (ev_lookup(c->global, name) != NULL)
		return;
	acc->prim = (struct ev_prim){ name, 1, 1, p_accessor };
	acc->rtd = rtd;
	acc->field = field;
	v = ev_new(c, EV_PRIM, none);
	v->u.prim = &acc->prim;
	ev_define(c, c->global, name, v);
}

void ev_install_accessors(struct ev_ctx *c, const struct ev_rtd *rtd)
{
	bind_accessor(c, rtd, SIZE_MAX);
	for (size_t i = 0; i < rtd->n_fields; i++)
		bind_accessor(c, rtd, i);
}

/* ---- base values ---- */

static struct ev *make_group(struct ev_ctx *c, const char *name, long id, bool system)
{
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *g = ev_record_new(c, ev_find_rtd("user-group"), none);

	g->u.rec->values[0] = ev_cstring(c, name, none);
	g->u.rec->values[1] = ev_bool(c, false, none);
	g->u.rec->values[2] = id >= 0 ? ev_int(c, id, none) : ev_bool(c, false, none);
	g->u.rec->values[3] = ev_bool(c, system, none);
	return g;
}

static struct ev *base_groups(struct ev_ctx *c)
{
	/* gnu/system/shadow.scm: all system groups; root 0, tty %tty-gid (996). */
	static const struct {
		const char *name;
		long id;
	} groups[] = {
		{ "root", 0 },   { "wheel", -1 },   { "users", -1 },  { "nogroup", -1 },
		{ "tty", 996 },  { "dialout", -1 }, { "kmem", -1 },   { "input", -1 },
		{ "video", -1 }, { "audio", -1 },   { "netdev", -1 }, { "lp", -1 },
		{ "disk", -1 },  { "floppy", -1 },  { "cdrom", -1 },  { "tape", -1 },
		{ "kvm", -1 },   { "sgx", -1 },
	};
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *list = ev_nil(c, none);

	for (size_t i = N(groups); i-- > 0;)
		list = ev_cons(c, make_group(c, groups[i].name, groups[i].id, true), list, none);
	return list;
}

/* Guix's %default-locale-definitions (gnu/system/locale.scm): what Guix
 * compiles for every system; gxsys compiles only those the system names
 * (ev_os.c). */
static struct ev *default_locales(struct ev_ctx *c)
{
	static const char *const utf8[] = {
		"ca_ES", "cs_CZ", "da_DK", "de_DE", "el_GR", "en_AU", "en_CA", "en_GB", "en_US",
		"es_AR", "es_CL", "es_ES", "es_MX", "fi_FI", "fr_BE", "fr_CA", "fr_CH", "fr_FR",
		"ga_IE", "it_IT", "ja_JP", "ko_KR", "nb_NO", "nl_NL", "pl_PL", "pt_PT", "ro_RO",
		"ru_RU", "sv_SE", "tr_TR", "uk_UA", "vi_VN", "zh_CN",
	};
	struct sx_loc none = { NULL, 0, 0 };
	const struct ev_rtd *rtd = ev_find_rtd("locale-definition");
	struct ev *list = ev_nil(c, none);

	for (size_t i = N(utf8) + 1; i-- > 0;) {
		struct ev *d = ev_record_new(c, rtd, none);
		const char *src = i == 0 ? "en_US" : utf8[i - 1];

		d->u.rec->values[0] = ev_cstring(
		        c, i == 0 ? "en_US.UTF-8" : gx_arena_printf(c->arena, "%s.utf8", src),
		        none);
		d->u.rec->values[1] = ev_cstring(c, src, none);
		d->u.rec->values[2] = ev_cstring(c, "UTF-8", none);
		list = ev_cons(c, d, list, none);
	}
	return list;
}

static struct ev *base_users(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *u = ev_record_new(c, ev_find_rtd("user-account"), none);
	struct ev *shell = ev_new(c, EV_FILE, none);

	shell->u.file = gx_arena_alloc(c->arena, sizeof(*shell->u.file));
	shell->u.file->kind = F_APPEND;
	shell->u.file->base = ev_package(c, "shadow", none);
	shell->u.file->suffix = "/sbin/nologin";
	u->u.rec->values[0] = ev_cstring(c, "nobody", none);
	u->u.rec->values[1] = ev_bool(c, false, none);
	u->u.rec->values[2] = ev_int(c, 65534, none);
	u->u.rec->values[3] = ev_cstring(c, "nogroup", none);
	u->u.rec->values[4] = ev_nil(c, none);
	u->u.rec->values[5] = ev_cstring(c, "", none);
	u->u.rec->values[6] = ev_cstring(c, "/nonexistent", none);
	u->u.rec->values[7] = ev_bool(c, false, none);
	u->u.rec->values[8] = shell;
	u->u.rec->values[9] = ev_bool(c, true, none);
	return ev_cons(c, u, ev_nil(c, none), none);
}

static struct ev *base_file_systems(struct ev_ctx *c)
{
	/* Dropped in a container (containerized-operating-system). */
	struct sx_loc none = { NULL, 0, 0 };

	return ev_nil(c, none);
}

/* Values only used by fields a container ignores: bound to their name. */
static const char *const ignored_values[] = {
	"grub-bootloader",
	"grub-efi-bootloader",
	"grub-efi-removable-bootloader",
	"grub-efi-netboot-bootloader",
	"grub-minimal-bootloader",
	"extlinux-bootloader",
	"syslinux-bootloader",
	"u-boot-bootloader",
	"linux-libre",
	"linux-libre-lts",
	"%base-initrd-modules",
	"%default-kernel-arguments",
	"%base-firmware",
	"%default-nss",
	"%mdns-host-lookup-nss",
	"luks-device-mapping",
	"%setuid-programs",
	"%default-privileged-programs",
	"%default-locale-libcs",
	"%loopback-static-networking", /* static-networking-service-type's, dropped */
	"%qemu-static-networking",
};

/* Guix's defaults for guix-configuration, a record a container drops: real
 * configurations extend them, (append (list KEY) %default-authorized-guix-keys),
 * so they are lists as in Guix (the keys' files named as in the guix package). */
static struct ev *string_list(struct ev_ctx *c, const char *const *s, size_t n)
{
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *list = ev_nil(c, none);

	while (n-- > 0)
		list = ev_cons(c, ev_cstring(c, s[n], none), list, none);
	return list;
}

static void install_guix_defaults(struct ev_ctx *c)
{
	static const char *const urls[] = { "https://bordeaux.guix.gnu.org",
		                            "https://ci.guix.gnu.org" };
	static const char *const keys[] = { "/share/guix/berlin.guix.gnu.org.pub",
		                            "/share/guix/bordeaux.guix.gnu.org.pub" };

	ev_define(c, c->global, "%default-substitute-urls", string_list(c, urls, N(urls)));
	ev_define(c, c->global, "%default-authorized-guix-keys", string_list(c, keys, N(keys)));
}

/* Guix's shepherd-trigger-action (gnu/services/shepherd.scm): a timer's
 * `herd trigger NAME`, which gxsys-init does itself. */
struct ev *ev_trigger_action(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };
	struct ev *a = ev_record_new(c, ev_find_rtd("shepherd-action"), none);
	struct ev *proc = ev_new(c, EV_GEXP, none);

	proc->u.gexp = ev_symbol(c, "trigger-timer", none);
	ev_record_set(c, a, "name", ev_symbol(c, "trigger", none));
	ev_record_set(c, a, "procedure", proc);
	ev_record_set(c, a, "documentation",
	              ev_cstring(c, "Trigger immediate execution of this timer.", none));
	return a;
}

void ev_install_records(struct ev_ctx *c)
{
	struct sx_loc none = { NULL, 0, 0 };

	for (size_t i = 0; i < N(ignored_values); i++)
		ev_define(c, c->global, ignored_values[i], ev_symbol(c, ignored_values[i], none));

	for (size_t i = 0; i < N(base_rtds); i++) {
		struct ev *v = ev_new(c, EV_RECORD_TYPE, none);

		v->u.rtd = &base_rtds[i];
		ev_define(c, c->global, base_rtds[i].name, v);
		/* A service-type makes a service type, not a record. */
		if (strcmp(base_rtds[i].name, "service-type") != 0)
			ev_install_accessors(c, &base_rtds[i]);
	}
	ev_install_accessors(c, &ev_host_rtd);
	ev_install_accessors(c, &ev_extension_rtd);
	ev_define(c, c->global, "%base-groups", base_groups(c));
	ev_define(c, c->global, "%base-user-accounts", base_users(c));
	ev_define(c, c->global, "%base-file-systems", base_file_systems(c));
	ev_define(c, c->global, "%base-packages", ev_base_packages(c));
	ev_define(c, c->global, "%default-locale-definitions", default_locales(c));
	ev_define(c, c->global, "shepherd-trigger-action", ev_trigger_action(c));
	install_guix_defaults(c);
}
