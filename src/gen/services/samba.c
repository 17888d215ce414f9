/* svc: samba-service-type (gnu/services/samba.scm): Samba, the SMB/CIFS
 * file server, as Guix's.  Guix's samba-configuration record (package,
 * config-file, enable-samba?, enable-smbd?, enable-nmbd?,
 * enable-winbindd?) with Guix's defaults; the type's default value is an
 * all-defaults record, as in Guix, and no service extends it.
 *
 * What it makes, as Guix does: the package in the profile; Guix's
 * activation, /etc/samba/smb.conf (the config file, as it is) and the
 * directories /var/lib/samba, /var/lib/samba/private (0700), /var/log/samba,
 * /var/run/samba, /var/lock/samba and /var/cache/samba; and one service a
 * daemon enabled, in Guix's order, each requiring networking and running as
 * root in the foreground: samba-samba (enable-samba?, #f), samba-nmbd,
 * samba-smbd and samba-winbindd (#t), each
 *
 *     /usr/sbin/DAEMON --configfile=/etc/samba/smb.conf --foreground
 *                      --no-process-group
 *
 * Debian 12's Samba 4.17 takes these options as Guix's does.  Guix's
 * activation runs `testparm --suppress-prompt` on the file; gxsys runs it
 * when the system is built, a refusal a note.
 *
 * Where gxsys differs:
 * - Guix's daemons read the config file in the store; here they read
 *   /etc/samba/smb.conf, the same text, which the clients (smbclient,
 *   smbpasswd, testparm) read by default too.
 * - config-file's default, #f, makes Guix's activation fail (it copies #f)
 *   and its daemons' command lines too: gxsys says so when the system is
 *   built.
 * - Debian splits Guix's samba: smbd, nmbd, samba are Debian's samba (with
 *   samba-common-bin: testparm, smbpasswd), winbindd is Debian's winbind,
 *   added to the system when enable-winbindd? is #t, and the catalog's
 *   samba brings smbclient when the host has it.
 * - testparm's check in the build container, which has no /var, is not
 *   refused for a missing state or lock directory: the system has them.
 *   Only the value of "server role" is printed, not the whole dump.
 * - /var is a tmpfs: Samba's state (passdb.tdb with the smbpasswd accounts,
 *   secrets.tdb) is new at each boot unless /var/lib/samba is shared
 *   (--share=DIR=/var/lib/samba).
 * - winbindd's documentation is Guix's without its typo ("Winnbindd"). */
#include <string.h>

#include "services.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RTD "samba-configuration"
#define CONF "samba/smb.conf" /* under /etc */

static struct ev *d_package(struct ev_ctx *c, struct sx_loc loc)
{
	return ev_package(c, "samba", loc);
}

static const struct ev_field fields[] = {
	{ "package", D_FN, 0, NULL, d_package, NULL },
	{ "config-file", D_FALSE, 0, NULL, NULL, NULL },
	{ "enable-samba?", D_FALSE, 0, NULL, NULL, NULL },
	{ "enable-smbd?", D_TRUE, 0, NULL, NULL, NULL },
	{ "enable-nmbd?", D_TRUE, 0, NULL, NULL, NULL },
	{ "enable-winbindd?", D_TRUE, 0, NULL, NULL, NULL },
};

static const struct ev_rtd rtd = { RTD, fields, N(fields), false };

const struct ev_rtd *const svc_samba_records[] = { &rtd, NULL };

/* Guix's daemons, in its order: the enable field, the program under the
 * package's sbin, the service's name and documentation. */
static const struct daemon {
	const char *field, *program, *provision, *documentation;
} daemons[] = {
	{ "enable-samba?", "samba", "samba-samba", "Run Samba" },
	{ "enable-nmbd?", "nmbd", "samba-nmbd", "Run NMBD" },
	{ "enable-smbd?", "smbd", "samba-smbd", "Run SMBD" },
	{ "enable-winbindd?", "winbindd", "samba-winbindd",
	  "Run Winbindd for Name Service Switch" },
};

/* Guix's samba-activation's directories (Debian's Samba has its lock and
 * PID directory at /run/samba, its state and cache where Guix's has). */
static const struct {
	const char *path;
	unsigned mode;
} dirs[] = {
	{ "/var/lib/samba", 0755 },  { "/var/lib/samba/private", 0700 },
	{ "/var/log/samba", 0755 },  { "/var/run/samba", 0755 },
	{ "/var/lock/samba", 0755 }, { "/var/cache/samba", 0755 },
};

/* config-file: a file-like object with contents, /etc/samba/smb.conf as it
 * is.  #f, Guix's default, fails Guix's activation. */
static int config_file(struct ev_ctx *c, const struct ev *cfg, struct sx_loc at)
{
	struct ev *file = ev_record_get(cfg, "config-file");
	struct sx_loc loc = svc_field_loc(cfg, "config-file", at);
	const char *data;
	size_t len;

	if (file->type == EV_BOOL && !file->u.b)
		return ev_failn(c, loc,
		                RTD ": field 'config-file': expected a file-like object "
		                    "(plain-file, local-file, mixed-text-file) with the text of "
		                    "smb.conf, got #f (Guix's default, with which its activation "
		                    "fails)");
	if (file->type != EV_FILE ||
	    (file->u.file->kind != F_PLAIN && file->u.file->kind != F_LOCAL &&
	     file->u.file->kind != F_MIXED))
		return svc_bad_field(
		        c, cfg, "config-file",
		        "a file-like object (plain-file, local-file, mixed-text-file)");
	if (osb_file_content(c, file, &data, &len, loc) < 0)
		return -1;
	return osb_add_file(c, CONF, data, len, 0644,
	                    file->u.file->kind == F_LOCAL ? file->u.file->source : NULL,
	                    file->loc.file != NULL ? file->loc : loc);
}

/* Guix's activation runs testparm on the file.  The build container has
 * no /var: a missing state or lock directory is no refusal. */
static void add_check(struct ev_ctx *c, const char *prefix, struct sx_loc at)
{
	const char *argv[] = { gx_arena_printf(c->arena, "%s/bin/testparm", prefix),
		               "--suppress-prompt", "--parameter-name=server role", "/etc/" CONF,
		               NULL };
	struct os_model *m = c->osb.m;

	osb_add_check(c, argv, RTD ": field 'config-file'", at);
	m->checks[m->n_checks - 1].error_mark = "ERROR:";
	m->checks[m->n_checks - 1].cannot_finish = " does not exist";
}

static void add_daemon(struct ev_ctx *c, const struct svc_instance *s, const char *prefix,
                       const struct daemon *d)
{
	struct os_service *o = osb_add_service(c, "samba-service-type", s->loc);
	const char *argv[] = { gx_arena_printf(c->arena, "%s/sbin/%s", prefix, d->program),
		               "--configfile=/etc/" CONF, "--foreground", "--no-process-group" };

	o->provision = svc_split(c, d->provision);
	o->requirement = svc_split(c, "networking");
	o->documentation = d->documentation;
	svc_set_argv(c, o, argv, N(argv));
}

static int expand(struct ev_ctx *c, const struct svc_instance *s)
{
	const struct ev *cfg = s->value;
	bool enabled[N(daemons)], any = false;
	const char *prefix;
	struct ev *pkg;

	if (svc_check_value(c, s, "a") < 0 || svc_refuse_extensions(c, s) < 0 ||
	    (pkg = svc_package(c, cfg, "package")) == NULL)
		return -1;
	for (size_t i = 0; i < N(daemons); i++) {
		if (ev_get_bool(c, cfg, daemons[i].field, &enabled[i]) < 0)
			return -1;
		any = any || enabled[i];
	}
	if (config_file(c, cfg, s->loc) < 0 || (prefix = osb_path_of(c, pkg, s->loc)) == NULL)
		return -1;
	osb_add_package(c, pkg->u.pkg.name, pkg->u.pkg.output, false, s->loc);
	/* Guix's samba has winbindd; Debian's is in winbind. */
	if (enabled[N(daemons) - 1] && strcmp(pkg->u.pkg.name, "samba") == 0)
		osb_add_package(c, "winbind", NULL, false,
		                svc_field_loc(cfg, "enable-winbindd?", s->loc));
	for (size_t i = 0; i < N(dirs); i++)
		osb_add_dir(c, dirs[i].path, "root", "root", dirs[i].mode);
	add_check(c, prefix, svc_field_loc(cfg, "config-file", s->loc));
	for (size_t i = 0; i < N(daemons); i++)
		if (enabled[i])
			add_daemon(c, s, prefix, &daemons[i]);
	if (!any)
		osb_note(c, false, "samba-service-type",
		         "no daemon is enabled: no service runs (as in Guix)", s->loc);
	return 0;
}

const struct svc_def svc_samba = {
	"samba-service-type",
	SVC_RUN,
	NULL,
	RTD,
	SVC_DEFAULT_RECORD,
	NULL,
	NULL,
	false,
	expand,
	NULL,
};
