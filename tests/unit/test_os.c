/* Unit tests of the OS model the evaluator builds (src/gen/ev_os.c,
 * ev_gexp.c): Guix's defaults, accounts and id allocation, packages, /etc
 * files and file-likes, shepherd services from gexps, checks and notes. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "err.h"
#include "etc.h"
#include "eval.h"
#include "tmpdir.h"
#include "util.h"

static struct gx_arena arena = GX_ARENA_INIT;
static char *last_error;

#define PRELUDE                                                                                    \
	"(use-modules (gnu))\n"                                                                    \
	"(define %%boot (bootloader-configuration (bootloader grub-bootloader)))\n"                \
	"(define %%fs (list (file-system (device \"x\") (mount-point \"/\") (type \"ext4\"))))\n"

/* `fields` go inside (operating-system (bootloader) (file-systems) ...). */
static struct os_model *os(const char *fields)
{
	struct gx_error *err = NULL;
	char *src =
	        gx_asprintf(PRELUDE "(operating-system (bootloader %%boot) (file-systems %%fs)\n"
	                            "%s)\n",
	                    fields);
	struct os_model *m;

	gx_arena_free(&arena);
	free(last_error);
	last_error = NULL;
	m = ev_eval_buffer(&arena, "t.scm", "/nonexistent", src, strlen(src), &err);
	free(src);
	if (m == NULL) {
		last_error = gx_xstrdup(err->msg);
		gx_error_free(err);
	}
	return m;
}

/* The error for `fields`, without "t.scm:" (lines start at 4: the prelude). */
static const char *os_error(const char *fields)
{
	struct os_model *m = os(fields);

	if (m != NULL)
		return "(no error)";
	return strncmp(last_error, "t.scm:", 6) == 0 ? last_error + 6 : last_error;
}

static int teardown(void **state)
{
	(void)state;
	gx_arena_free(&arena);
	free(last_error);
	last_error = NULL;
	return 0;
}

/* The same, for a test with a directory of its own (tmpdir.h). */
static int teardown_dir(void **state)
{
	teardown(state);
	return tmpdir_remove(state);
}

static const struct os_user *user(const struct os_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_users; i++)
		if (strcmp(m->users[i].name, name) == 0)
			return &m->users[i];
	fail_msg("no user %s", name);
	return NULL;
}

static const struct os_group *group(const struct os_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_groups; i++)
		if (strcmp(m->groups[i].name, name) == 0)
			return &m->groups[i];
	fail_msg("no group %s", name);
	return NULL;
}

static const struct os_service *service(const struct os_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_services; i++)
		if (strcmp(m->services[i].provision[0], name) == 0)
			return &m->services[i];
	return NULL;
}

static const struct os_file *file(const struct os_model *m, const char *path)
{
	for (size_t i = 0; i < m->n_etc_files; i++)
		if (strcmp(m->etc_files[i].path, path) == 0)
			return &m->etc_files[i];
	return NULL;
}

static bool has_package(const struct os_model *m, const char *name, const char *output)
{
	for (size_t i = 0; i < m->n_packages; i++)
		if (strcmp(m->packages[i].name, name) == 0 &&
		    (output == NULL ? m->packages[i].output == NULL
		                    : m->packages[i].output != NULL &&
		                              strcmp(m->packages[i].output, output) == 0))
			return true;
	return false;
}

static void test_defaults(void **state)
{
	struct os_model *m = os("(host-name \"box\")");

	(void)state;
	assert_non_null(m);
	assert_string_equal(m->host_name, "box");
	assert_string_equal(m->timezone, "Etc/UTC");
	assert_string_equal(m->locale, "en_US.utf8");
	assert_string_equal(m->issue, "\nThis is the GNU system.  Welcome.\n");
	/* root is added first, with the empty password; nobody from %base-user-accounts */
	assert_string_equal(m->users[0].name, "root");
	assert_int_equal(m->users[0].uid, 0);
	assert_string_equal(m->users[0].password, "");
	assert_string_equal(m->users[0].home, "/root");
	assert_int_equal(user(m, "nobody")->uid, 65534);
	assert_string_equal(user(m, "nobody")->shell, "/usr/sbin/nologin");
	assert_false(user(m, "nobody")->create_home);
	assert_int_equal(user(m, "nobody")->gid, group(m, "nogroup")->gid);
	/* the 18 base groups, ids as Guix allocates them */
	assert_int_equal(m->n_groups, 18);
	assert_int_equal(group(m, "root")->gid, 0);
	assert_int_equal(group(m, "wheel")->gid, 999);
	assert_int_equal(group(m, "users")->gid, 998);
	assert_int_equal(group(m, "nogroup")->gid, 997);
	assert_int_equal(group(m, "tty")->gid, 996);
	assert_int_equal(group(m, "dialout")->gid, 995);
	assert_int_equal(group(m, "sgx")->gid, 983);
	/* %base-packages, marked base */
	assert_true(has_package(m, "bash", NULL));
	assert_true(m->packages[0].base);
	assert_int_equal(m->n_packages, 42);
	/* the essential markers and the syslog marker */
	assert_non_null(service(m, "user-processes"));
	assert_non_null(service(m, "loopback"));
	assert_null(service(m, "loopback")->argv);
	assert_string_equal(service(m, "syslogd")->documentation,
	                    "the system log: gxsys-init's built-in syslog on /dev/log");
	/* sudoers as Guix writes it */
	assert_string_equal(file(m, "sudoers")->content,
	                    "root ALL=(ALL) ALL\n%wheel ALL=(ALL) ALL\n");
	assert_int_equal(file(m, "sudoers")->mode, 0440);
	/* ignored fields are noted; dropped base services too */
	assert_int_equal(m->n_ignored, 2);
	assert_string_equal(m->ignored[0].what, "bootloader");
	assert_true(m->n_dropped > 10);
}

/* locale-definitions: those a declaration adds to Guix's defaults, and the
 * default its locale names, are compiled; not the 33 other defaults. */
static void test_locale_definitions(void **state)
{
	struct os_model *m = os("(host-name \"box\")");

	(void)state;
	assert_non_null(m);
	assert_int_equal(m->n_locale_defs, 1); /* en_US.utf8, the default locale */
	assert_string_equal(m->locale_defs[0].name, "en_US.utf8");
	assert_string_equal(m->locale_defs[0].source, "en_US");
	assert_string_equal(m->locale_defs[0].charset, "UTF-8");
	m = os("(host-name \"box\") (locale \"fy_NL.utf8\")\n"
	       "(locale-definitions (cons* (locale-definition (name \"fy_NL.utf8\")\n"
	       "                                              (source \"fy_NL\"))\n"
	       "  (locale-definition (name \"de_DE.iso88591\") (source \"de_DE\")\n"
	       "                     (charset \"ISO-8859-1\"))\n"
	       "  (locale-definition (name \"fy_NL.utf8\") (source \"nl_NL\"))\n"
	       "  %default-locale-definitions))");
	assert_non_null(m);
	assert_int_equal(m->n_locale_defs, 2); /* the first fy_NL.utf8 wins */
	assert_string_equal(m->locale_defs[0].source, "fy_NL");
	assert_string_equal(m->locale_defs[1].name, "de_DE.iso88591");
	assert_string_equal(m->locale_defs[1].charset, "ISO-8859-1");
	assert_int_equal(m->locale_defs[1].loc.line, 8);
	/* Guix's defaults, as records, and Guix's accessors on them */
	m = os("(host-name (locale-definition-name (car %default-locale-definitions)))");
	assert_null(m); /* en_US.UTF-8 is no host name: the value is reached */
	assert_non_null(strstr(last_error, "invalid host name \"en_US.UTF-8\""));
	m = os("(host-name \"box\") (locale-definitions (list))");
	assert_non_null(m);
	assert_int_equal(m->n_locale_defs, 0);
	assert_string_equal(
	        os_error("(host-name \"box\") (locale-definitions (list \"fr_FR.utf8\"))"),
	        "5:45: locale-definitions: expected a locale-definition, got \"fr_FR.utf8\"");
	assert_string_equal(
	        os_error("(host-name \"box\") (locale-definitions (list (locale-definition "
	                 "(name \"x y\") (source \"de_DE\"))))"),
	        "5:45: invalid locale-definition \"x y\" (source \"de_DE\", charset \"UTF-8\")");
	assert_string_equal(os_error("(host-name \"box\") (locale-definitions 'all)"),
	                    "5:19: operating-system: field 'locale-definitions': expected a list, "
	                    "got all");
}

static void test_accounts(void **state)
{
	struct os_model *m = os("(host-name \"box\")\n"
	                        "(groups (cons* (user-group (name \"dev\")) (user-group (name "
	                        "\"daemon\") (system? #t)) %base-groups))\n"
	                        "(users (cons* (user-account (name \"alice\") (group \"users\") "
	                        "(supplementary-groups '(\"wheel\" \"dev\")))\n"
	                        "  (user-account (name \"bob\") (uid 1000) (group \"dev\") (shell "
	                        "(file-append zsh \"/bin/zsh\")) (home-directory \"/srv/bob\"))\n"
	                        "  (user-account (name \"svc\") (group \"daemon\") (system? #t))\n"
	                        "  (user-account (name \"num\") (group 998))\n"
	                        "  %base-user-accounts))");

	(void)state;
	assert_non_null(m);
	/* requested ids are reserved first: bob keeps 1000, alice gets 1001 */
	assert_int_equal(user(m, "bob")->uid, 1000);
	assert_int_equal(user(m, "alice")->uid, 1001);
	assert_int_equal(user(m, "num")->uid, 1002);
	assert_int_equal(user(m, "svc")->uid, 999);
	assert_string_equal(user(m, "alice")->home, "/home/alice");
	assert_string_equal(user(m, "alice")->shell, "/bin/bash");
	assert_null(user(m, "alice")->password);
	assert_string_equal(user(m, "bob")->shell, "/usr/bin/zsh");
	assert_string_equal(user(m, "bob")->home, "/srv/bob");
	assert_int_equal(group(m, "dev")->gid, 1000);
	assert_int_equal(group(m, "daemon")->gid, 999);
	assert_int_equal(group(m, "wheel")->gid, 998);
	assert_int_equal(user(m, "bob")->gid, 1000);
	assert_string_equal(user(m, "num")->group, "wheel");
	assert_string_equal(user(m, "alice")->supplementary_groups[1], "dev");
	assert_string_equal(m->users[0].name, "root");
}

static void test_explicit_root(void **state)
{
	struct os_model *m = os("(host-name \"box\")\n"
	                        "(users (list (user-account (name \"root\") (uid 0) (group "
	                        "\"root\") (password \"$6$x\") (home-directory \"/root\"))))");

	(void)state;
	assert_non_null(m);
	assert_int_equal(m->n_users, 1);
	assert_string_equal(m->users[0].password, "$6$x");
	/* Named root without a uid: that is the root account, uid 0, and no
	 * second one is added (two "root" homes made boot.conf unreadable). */
	m = os("(host-name \"box\")\n"
	       "(users (cons (user-account (name \"root\") (group \"root\") (password "
	       "\"$6$y\") (home-directory \"/root\")) %base-user-accounts))");
	assert_non_null(m);
	assert_non_null(user(m, "root"));
	assert_int_equal(user(m, "root")->uid, 0);
	assert_string_equal(user(m, "root")->password, "$6$y");
	size_t roots = 0;
	for (size_t i = 0; i < m->n_users; i++)
		roots += strcmp(m->users[i].name, "root") == 0 || m->users[i].uid == 0;
	assert_int_equal(roots, 1);
	assert_string_equal(os_error("(host-name \"b\")\n(users (list (user-account (name "
	                             "\"root\") (uid 5) (group \"root\"))))"),
	                    "6:14: user 'root' must have uid 0, not 5");
}

static void test_account_errors(void **state)
{
	(void)state;
	assert_string_equal(os_error("(host-name \"b\")\n(users (list (user-account (name \"a\") "
	                             "(group \"nope\"))))"),
	                    "6:14: user 'a': group 'nope' is not declared");
	assert_string_equal(os_error("(host-name \"b\")\n(users (list (user-account (name \"a\") "
	                             "(group \"users\") (supplementary-groups '(\"x\")))))"),
	                    "6:14: supplementary group 'x' of user 'a' is not declared");
	assert_string_equal(os_error("(host-name \"b\")\n(users (list (user-account (name \"a\") "
	                             "(group \"users\")) (user-account (name \"a\") (group "
	                             "\"users\"))))"),
	                    "6:56: user 'a' is declared twice");
	assert_string_equal(os_error("(host-name \"b\")\n(users (list (user-account (name \"a:b\") "
	                             "(group \"users\"))))"),
	                    "6:28: invalid user name \"a:b\"");
	assert_string_equal(
	        os_error("(host-name \"b\")\n(users (list (user-account (name \"a\") "
	                 "(uid 5) (group \"users\")) (user-account (name \"b\") (uid 5) "
	                 "(group \"users\"))))"),
	        "6:64: users 'a' and 'b' have the same uid 5");
	assert_string_equal(os_error("(host-name \"b\")\n(users (list (user-account (name \"a\") "
	                             "(group \"users\") (comment \"x\\ny\"))))"),
	                    "6:14: user 'a': comment and password cannot hold ':' or newlines");
	assert_string_equal(
	        os_error("(host-name \"b\")\n(groups (list (user-group (name \"g\") (id "
	                 "-1))))"),
	        "6:38: user-group: field 'id': -1 is out of range (0 to 4294967294)");
}

static void test_host_names(void **state)
{
	static const char *const good[] = { "a", "web-1", "a.b.c", "x123", "A-Z" };
	static const char *const bad[][2] = {
		{ "", "it is empty" },
		{ "-a", "a label starts with '-'" },
		{ "a-", "a label ends with '-'" },
		{ "a..b", "it has an empty label" },
		{ "a_b", "only letters, digits, '-' and '.' are allowed" },
		{ "a b", "only letters, digits, '-' and '.' are allowed" },
		{ "a;rm", "only letters, digits, '-' and '.' are allowed" },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "a label is longer than 63 characters" },
	};
	char buf[300];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(buf, sizeof(buf), "(host-name \"%s\")", good[i]);
		assert_non_null(os(buf));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char expect[400];

		snprintf(buf, sizeof(buf), "(host-name \"%s\")", bad[i][0]);
		snprintf(expect, sizeof(expect), "5:1: invalid host name \"%s\": %s (RFC 1123)",
		         bad[i][0], bad[i][1]);
		assert_string_equal(os_error(buf), expect);
	}
	assert_string_equal(os_error("(host-name 5)"),
	                    "5:1: operating-system: field 'host-name': expected a string, got 5");
	assert_string_equal(os_error("(host-name \"a\") (timezone \"../etc/passwd\")"),
	                    "5:17: invalid timezone \"../etc/passwd\"");
}

static void test_packages(void **state)
{
	struct os_model *m =
	        os("(host-name \"b\")\n"
	           "(packages (list nginx (specification->package \"nginx\") (list git "
	           "\"send-email\") (specification->package \"curl:doc\") "
	           "(specification->package+output \"htop\")))");

	(void)state;
	assert_non_null(m);
	/* + shadow, for nobody's shell: a referenced package is in the system;
	 * + zstd, the default compressor of %base-services' log rotation;
	 * gxsys's own default references are skippable like %base-packages */
	assert_int_equal(m->n_packages, 6);
	for (size_t i = 0; i < m->n_packages; i++)
		if (strcmp(m->packages[i].name, "shadow") == 0 ||
		    strcmp(m->packages[i].name, "zstd") == 0)
			assert_true(m->packages[i].base);
	assert_true(has_package(m, "shadow", NULL));
	assert_true(has_package(m, "zstd", NULL));
	assert_true(has_package(m, "nginx", NULL));
	assert_false(m->packages[0].base);
	assert_true(has_package(m, "git", "send-email"));
	assert_true(has_package(m, "curl", "doc"));
	assert_true(has_package(m, "htop", NULL));
	assert_string_equal(os_error("(host-name \"b\")\n(packages (list \"nginx\"))"),
	                    "6:17: operating-system: field 'packages': expected a package, got "
	                    "\"nginx\"");
}

static void test_etc_files(void **state)
{
	const char *dir = *state;
	char *path, *src;
	struct gx_error *err = NULL;
	struct os_model *m;

	path = gx_asprintf("%s/key.pub", dir);
	assert_int_equal(gx_write_file_atomic(path, "ssh-ed25519 AAAA k\n", 19, 0600), 0);
	src = gx_asprintf(PRELUDE "(operating-system (bootloader %%boot) (file-systems %%fs)\n"
	                          "(host-name \"b\")\n"
	                          "(services (list (simple-service 'files etc-service-type\n"
	                          "  `((\"motd\" ,(plain-file \"motd\" \"hi\\n\"))\n"
	                          "    (\"app/key\" ,(local-file \"key.pub\"))\n"
	                          "    (\"app/conf\" ,(mixed-text-file \"conf\" \"bin=\" "
	                          "(file-append nginx \"/sbin/nginx\") \"\\n\"))\n"
	                          "    (\"www\" ,(file-union \"www\" `((\"index.html\" "
	                          ",(plain-file \"i\" \"<h1>\")))))))\n"
	                          "  (simple-service 'hosts hosts-service-type (list (host "
	                          "\"192.0.2.1\" \"a.example\" '(\"a\")))))))\n");
	gx_arena_free(&arena);
	m = ev_eval_buffer(&arena, "t.scm", dir, src, strlen(src), &err);
	if (m == NULL)
		fail_msg("%s", err->msg);
	assert_string_equal(file(m, "motd")->content, "hi\n");
	assert_string_equal(file(m, "app/key")->content, "ssh-ed25519 AAAA k\n");
	assert_string_equal(file(m, "app/key")->source, path);
	assert_string_equal(file(m, "app/conf")->content, "bin=/usr/sbin/nginx\n");
	assert_string_equal(file(m, "www/index.html")->content, "<h1>");
	assert_int_equal(m->n_hosts, 1);
	assert_string_equal(m->hosts[0].address, "192.0.2.1");
	assert_string_equal(m->hosts[0].names[0], "a.example");
	assert_string_equal(m->hosts[0].names[1], "a");
	assert_null(m->hosts[0].names[2]);
	free(path);
	free(src);
	/* conflicting files */
	assert_string_equal(os_error("(host-name \"b\")\n(services (list (simple-service 'a "
	                             "etc-service-type `((\"x\" ,(plain-file \"x\" \"1\")))) "
	                             "(simple-service 'b etc-service-type `((\"x\" ,(plain-file "
	                             "\"x\" \"2\"))))))"),
	                    "6:129: /etc/x is declared twice with different contents (first at "
	                    "line 6)");
	assert_string_equal(os_error("(host-name \"b\")\n(services (list (simple-service 'a "
	                             "etc-service-type `((\"../x\" ,(plain-file \"x\" \"1\"))))))"),
	                    "6:56: simple-service 'a': invalid /etc file name \"../x\"");
}

#define SHEP(start, stop)                                                                          \
	"(host-name \"b\")\n(services (cons (simple-service 's shepherd-root-service-type (list "  \
	"(shepherd-service (provision '(svc)) (requirement '(user-processes)) (start " start       \
	") (stop " stop ")))) %base-services))"

static void test_shepherd_services(void **state)
{
	const struct os_service *s;
	struct os_model *m =
	        os("(host-name \"b\")\n"
	           "(users (cons (user-account (name \"d\") (group \"users\") (system? #t)) "
	           "%base-user-accounts))\n"
	           "(services (cons (simple-service 'd shepherd-root-service-type (list "
	           "(shepherd-service (documentation \"D.\") (provision '(d daemon)) (requirement "
	           "'(user-processes syslogd))\n"
	           "(start #~(make-forkexec-constructor (list #$(file-append coreutils "
	           "\"/bin/sleep\") "
	           "\"100\" #$@(list \"a\" \"b\")) #:user \"d\" #:group \"wheel\" #:log-file "
	           "\"/var/log/d.log\" #:pid-file \"/run/d.pid\" #:directory \"/tmp\" "
	           "#:supplementary-groups '(\"audio\") #:environment-variables (cons \"A=1\" "
	           "(default-environment-variables))))\n"
	           "(stop #~(make-kill-destructor SIGINT)) (respawn? #f))\n"
	           "(shepherd-service (provision '(once)) (one-shot? #t) (auto-start? #f) (start "
	           "#~(make-system-constructor \"echo \" #$(plain-file \"f\" \"x\"))) (stop "
	           "#~(make-system-destructor \"true\")))\n"
	           "(shepherd-service (provision '(mark)) (start #~(const #t)))))\n"
	           "%base-services))");

	(void)state;
	if (m == NULL)
		fail_msg("%s", last_error);
	/* coreutils, referenced by the command, is required (not skippable) */
	for (size_t i = 0; i < m->n_packages; i++)
		if (strcmp(m->packages[i].name, "coreutils") == 0)
			assert_false(m->packages[i].base);
	assert_true(has_package(m, "coreutils", NULL));
	s = service(m, "d");
	assert_non_null(s);
	assert_string_equal(s->origin, "simple-service 'd'");
	assert_string_equal(s->provision[1], "daemon");
	assert_string_equal(s->documentation, "D.");
	assert_string_equal(s->argv[0], "/usr/bin/sleep");
	assert_string_equal(s->argv[1], "100");
	assert_string_equal(s->argv[3], "b");
	assert_null(s->argv[4]);
	assert_string_equal(s->user, "d");
	assert_int_equal(s->uid, 999);
	assert_string_equal(s->group, "wheel");
	assert_int_equal(s->gid, 999);
	assert_string_equal(s->log_file, "/var/log/d.log");
	assert_string_equal(s->pid_file, "/run/d.pid");
	assert_int_equal(s->pid_file_timeout, 30);
	assert_string_equal(s->directory, "/tmp");
	assert_string_equal(s->supplementary_groups[0], "audio");
	assert_string_equal(s->environment[0], "A=1");
	assert_string_equal(s->environment[1], "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
	assert_int_equal(s->stop_signal, SIGINT);
	assert_false(s->respawn);
	assert_true(s->auto_start);
	s = service(m, "once");
	assert_string_equal(s->system_start, "echo /etc/gxsys/files/f");
	assert_string_equal(s->system_stop, "true");
	assert_true(s->one_shot);
	assert_false(s->auto_start);
	assert_false(s->respawn);
	assert_null(s->argv);
	assert_string_equal(file(m, "gxsys/files/f")->content, "x");
	s = service(m, "mark");
	assert_null(s->argv);
	assert_null(s->system_start);
	assert_int_equal(s->stop_signal, SIGTERM);
}

/* #:user and #:group as numbers, which Shepherd takes (they were refused):
 * they name the declared account of that id. */
static void test_numeric_ids(void **state)
{
	const struct os_service *s;
	struct os_model *m =
	        os("(host-name \"b\")\n"
	           "(users (cons (user-account (name \"al\") (group \"users\") (uid 1500)) "
	           "%base-user-accounts))\n"
	           "(services (cons (simple-service 'd shepherd-root-service-type (list "
	           "(shepherd-service (provision '(a)) (start #~(make-forkexec-constructor "
	           "(list \"x\") #:user 1500 #:group #$997)))\n"
	           "(shepherd-service (provision '(b)) (start #~(make-forkexec-constructor "
	           "(list \"x\") #:user #$0)))\n"
	           "(shepherd-service (provision '(c)) (start #~(make-forkexec-constructor "
	           "(list \"x\") #:group 998)))))\n"
	           "%base-services))");

	(void)state;
	if (m == NULL)
		fail_msg("%s", last_error);
	s = service(m, "a");
	assert_string_equal(s->user, "al");
	assert_int_equal(s->uid, 1500);
	assert_string_equal(s->group, "nogroup");
	assert_int_equal(s->gid, 997);
	s = service(m, "b");
	assert_string_equal(s->user, "root");
	assert_int_equal(s->uid, 0);
	assert_null(s->group);
	assert_int_equal(s->gid, 0);
	s = service(m, "c");
	assert_null(s->user);
	assert_int_equal(s->uid, 0);
	assert_string_equal(s->group, "users");
	assert_int_equal(s->gid, 998);
	assert_string_equal(
	        os_error(SHEP("#~(make-forkexec-constructor (list \"x\") #:user 1234)", "#f")),
	        "6:69: service 'svc': #:user 1234: no user has this uid");
	assert_string_equal(
	        os_error(SHEP("#~(make-forkexec-constructor (list \"x\") #:group #$4321)", "#f")),
	        "6:69: service 'svc': #:group 4321: no group has this gid");
	assert_string_equal(
	        os_error(SHEP("#~(make-forkexec-constructor (list \"x\") #:user -1)", "#f")),
	        "6:192: #:user: -1 is not a valid id (0 to 4294967294)");
}

static void test_gexp_errors(void **state)
{
	(void)state;
	assert_string_equal(os_error(SHEP("#~(lambda _ (system \"x\"))", "#f")),
	                    "6:145: gxsys cannot run the start gexp '(lambda ...)': only "
	                    "make-forkexec-constructor, make-timer-constructor, "
	                    "make-system-constructor and (const #t) are supported");
	assert_string_equal(
	        os_error(SHEP("#~(make-forkexec-constructor (list \"x\") #:resource-limits "
	                      "'())",
	                      "#f")),
	        "6:185: make-forkexec-constructor: #:resource-limits is not supported "
	        "by gxsys");
	assert_string_equal(os_error(SHEP("#~(make-forkexec-constructor (list \"x\"))",
	                                  "#~(make-kill-destructor SIGFOO)")),
	                    "6:217: make-kill-destructor: unknown signal SIGFOO");
	/* a destructor's command where a process runs would leave it running */
	assert_non_null(strstr(os_error(SHEP("#~(make-forkexec-constructor (list \"x\"))",
	                                     "#~(make-system-destructor \"true\")")),
	                       "shepherd-service 'svc': make-system-destructor stops a service "
	                       "that leaves no process once started"));
	assert_string_equal(os_error(SHEP("(list \"x\")", "#f")),
	                    "6:138: shepherd-service: field 'start': expected a gexp (#~...), got "
	                    "(\"x\")");
	assert_string_equal(
	        os_error(SHEP("#~(make-forkexec-constructor (list 5))", "#f")),
	        "6:180: make-forkexec-constructor: expected a string in the gexp, got 5");
	assert_string_equal(
	        os_error(SHEP("#~(make-forkexec-constructor (list \"x\") #:user \"zed\")", "#f")),
	        "6:69: service 'svc': user 'zed' is not declared");
}

/* ---- timers (ev_timer.c, and make-timer-constructor in ev_gexp.c) ---- */

#define TRUE_CMD "(command '(\"/bin/true\"))"

/* The error, or "(no error)", of a service 'svc' whose start is
 * #~(make-timer-constructor EVENT REST), stop STOP (NULL:
 * make-timer-destructor), with EXTRA fields.  Where it evaluates, *SVC
 * (if SVC) is the service. */
static const char *timer_eval(const char *event, const char *rest, const char *stop,
                              const char *extra, const struct os_service **svc)
{
	char *fields = gx_asprintf(
	        "(host-name \"b\")\n(services (cons (simple-service 's shepherd-root-service-type "
	        "(list (shepherd-service (provision '(svc)) %s (start #~(make-timer-constructor "
	        "%s %s)) (stop %s)))) %%base-services))",
	        extra, event, rest, stop ? stop : "#~(make-timer-destructor)");
	const char *e = os_error(fields);
	struct os_model *m = strcmp(e, "(no error)") == 0 ? os(fields) : NULL;

	free(fields);
	if (svc != NULL)
		*svc = m != NULL ? service(m, "svc") : NULL;
	return e;
}

/* The timer service of EVENT, which must evaluate. */
static const struct os_service *event_service(const char *event)
{
	const struct os_service *s;
	const char *e = timer_eval(event, TRUE_CMD, NULL, "", &s);

	if (s == NULL)
		fail_msg("%s: %s", event, e);
	assert_non_null(s->timer);
	return s;
}

/* The timer of EVENT, which must evaluate. */
static const struct bc_timer *event_timer(const char *event)
{
	return event_service(event)->timer;
}

/* The error of EVENT without its "LINE:COL: ". */
static const char *event_error(const char *event)
{
	const char *e = timer_eval(event, TRUE_CMD, NULL, "", NULL);
	const char *p = strstr(e, ": ");

	return p != NULL && e[0] >= '0' && e[0] <= '9' ? p + 2 : e;
}

#define BIT(n) (1ULL << (n))
#define ALL60 ((1ULL << 60) - 1)

/* The brief's updatedb timer: its command as make-forkexec-constructor's
 * would be, its keywords, Shepherd's trigger action taken in silence. */
static void test_timer_service(void **state)
{
	const struct os_service *s;
	struct os_model *m = os(
	        "(host-name \"b\")\n(services (cons (simple-service 's shepherd-root-service-type "
	        "(list (shepherd-service (provision '(updatedb)) (requirement '(user-processes)) "
	        "(modules '((shepherd service timer))) (start #~(make-timer-constructor "
	        "(calendar-event #:hours '(3) #:minutes '(15)) (command (list #$(file-append "
	        "coreutils \"/bin/echo\") (string-append \"--prune\" \"paths=/tmp\")) #:user "
	        "\"nobody\" #:group \"nogroup\" #:environment-variables '(\"LANG=C\") "
	        "#:supplementary-groups '(\"users\") #:directory \"/tmp\") "
	        "#:wait-for-termination? #t #:log-file \"/var/log/updatedb.log\" #:max-duration "
	        "3600 #:occurrences 10 #:termination-signal SIGINT)) (stop "
	        "#~(make-timer-destructor)) (actions (list shepherd-trigger-action))))) "
	        "%base-services))");
	const struct bc_timer *t;

	(void)state;
	if (m == NULL)
		fail_msg("%s", last_error);
	s = service(m, "updatedb");
	assert_non_null(t = s->timer);
	assert_int_equal(t->months, 0);
	assert_int_equal(t->days_of_month, 0);
	assert_int_equal(t->days_of_week, 0);
	assert_int_equal(t->hours, BIT(3));
	assert_int_equal(t->minutes, BIT(15));
	assert_int_equal(t->seconds, BIT(0)); /* Shepherd's default '(0) */
	assert_int_equal(t->max_duration, 3600);
	assert_int_equal(t->occurrences, 10);
	assert_true(t->wait_for_termination);
	assert_null(s->timer_cron);
	assert_string_equal(s->argv[0], "/usr/bin/echo");
	assert_string_equal(s->argv[1], "--prunepaths=/tmp");
	assert_null(s->argv[2]);
	assert_true(has_package(m, "coreutils", NULL));
	assert_string_equal(s->user, "nobody");
	assert_int_equal(s->uid, 65534);
	assert_string_equal(s->group, "nogroup");
	assert_string_equal(s->supplementary_groups[0], "users");
	assert_string_equal(s->environment[0], "LANG=C");
	assert_null(s->environment[1]);
	assert_string_equal(s->directory, "/tmp");
	assert_string_equal(s->log_file, "/var/log/updatedb.log");
	assert_null(s->pid_file);
	assert_int_equal(s->stop_signal, SIGINT);
	assert_false(s->respawn); /* Guix's default #t: Shepherd ignores it for a timer */
	assert_false(s->one_shot);
	assert_true(s->auto_start);
	for (size_t i = 0; i < m->n_ignored; i++) /* neither actions nor respawn? noted */
		assert_null(strstr(m->ignored[i].what, "of service 'updatedb'"));
	/* Defaults: no limits, SIGTERM; a numeric #:user as make-forkexec-constructor's. */
	assert_string_equal(
	        timer_eval("(calendar-event)", "(command '(\"/x\") #:user 65534)", NULL, "", &s),
	        "(no error)");
	assert_int_equal(s->timer->max_duration, 0);
	assert_int_equal(s->timer->occurrences, 0);
	assert_false(s->timer->wait_for_termination);
	assert_int_equal(s->stop_signal, SIGTERM);
	assert_string_equal(s->user, "nobody");
	assert_null(s->log_file);
	/* #:max-duration #f is Shepherd's no limit; #$ values are taken */
	assert_string_equal(timer_eval("(calendar-event)",
	                               TRUE_CMD
	                               " #:max-duration #f "
	                               "#:occurrences #$(+ 1 2) #:wait-for-termination? #$#f",
	                               NULL, "", &s),
	                    "(no error)");
	assert_int_equal(s->timer->max_duration, 0);
	assert_int_equal(s->timer->occurrences, 3);
	/* An event and an action given as #$ of gexps */
	assert_string_equal(
	        timer_eval("#$#~(calendar-event #:hours '(1))", "#$#~" TRUE_CMD, NULL, "", &s),
	        "(no error)");
	assert_int_equal(s->timer->hours, BIT(1));
}

/* calendar-event's lists: quoted, (list ...), (iota ...), #$; absent is any
 * value but for the seconds ('(0)); days of the week by name. */
static void test_timer_calendar_event(void **state)
{
	const struct bc_timer *t;

	(void)state;
	t = event_timer("(calendar-event #:months '(7 1 7) #:days-of-month (list 1 15) "
	                "#:days-of-week '(sunday wednesday) #:hours '(12) #:minutes '(0) "
	                "#:seconds '(30 0))");
	assert_int_equal(t->months, BIT(1) | BIT(7));
	assert_int_equal(t->days_of_month, BIT(1) | BIT(15));
	assert_int_equal(t->days_of_week, BIT(0) | BIT(3));
	assert_int_equal(t->hours, BIT(12));
	assert_int_equal(t->minutes, BIT(0));
	assert_int_equal(t->seconds, BIT(0) | BIT(30));
	/* keywords in any order; extremes of each range */
	t = event_timer("(calendar-event #:seconds '(59) #:minutes '(59) #:hours '(0 23) "
	                "#:days-of-week (list 'saturday) #:days-of-month '(31) #:months '(12))");
	assert_int_equal(t->seconds, BIT(59));
	assert_int_equal(t->minutes, BIT(59));
	assert_int_equal(t->hours, BIT(0) | BIT(23));
	assert_int_equal(t->days_of_week, BIT(6));
	assert_int_equal(t->days_of_month, BIT(31));
	assert_int_equal(t->months, BIT(12));
	t = event_timer("(calendar-event)");
	assert_int_equal(t->months | t->days_of_month | t->days_of_week | t->hours | t->minutes, 0);
	assert_int_equal(t->seconds, BIT(0));
	/* every second: all 60 bits, not 0 */
	assert_int_equal(event_timer("(calendar-event #:seconds (iota 60))")->seconds, ALL60);
	assert_int_equal(event_timer("(calendar-event #:seconds #$(iota 60))")->seconds, ALL60);
	/* Guix's '#$LIST: the list, as data in the code */
	assert_int_equal(event_timer("(calendar-event #:hours '#$(list 3 15))")->hours,
	                 BIT(3) | BIT(15));
	assert_int_equal(event_timer("(calendar-event #:minutes (iota 4 0 15))")->minutes,
	                 BIT(0) | BIT(15) | BIT(30) | BIT(45));
	assert_int_equal(event_timer("(calendar-event #:hours (iota 3 22 -1))")->hours,
	                 BIT(20) | BIT(21) | BIT(22));
	assert_int_equal(event_timer("(calendar-event #:hours #$(list 1 2))")->hours,
	                 BIT(1) | BIT(2));
	assert_int_equal(event_timer("(calendar-event #:days-of-week #$'(monday))")->days_of_week,
	                 BIT(1));
}

/* Vixie cron's five fields: *, N, N-M, lists, steps on * and ranges, names
 * in any case, 0 and 7 both Sunday; seconds '(0). */
static void test_timer_cron(void **state)
{
	static const struct {
		const char *cron;
		uint64_t minutes, hours, dom, months, dow;
	} cases[] = {
		{ "15 3 * * *", BIT(15), BIT(3), 0, 0, 0 },
		{ "* * * * *", 0, 0, 0, 0, 0 },
		{ "*/15 9-11 1,15 jan-Mar,7 MON-fri", BIT(0) | BIT(15) | BIT(30) | BIT(45),
		  BIT(9) | BIT(10) | BIT(11), BIT(1) | BIT(15), BIT(1) | BIT(2) | BIT(3) | BIT(7),
		  0x3e },
		{ "0 0 * * 7", BIT(0), BIT(0), 0, 0, BIT(0) },
		{ "0 0 * * 0", BIT(0), BIT(0), 0, 0, BIT(0) },
		{ "0 0 * * 5-7", BIT(0), BIT(0), 0, 0, BIT(0) | BIT(5) | BIT(6) },
		{ "0 0 * * */2", BIT(0), BIT(0), 0, 0, BIT(0) | BIT(2) | BIT(4) | BIT(6) },
		{ "1-10/3 */6 1-31/10 */5 Sun,sat", BIT(1) | BIT(4) | BIT(7) | BIT(10),
		  BIT(0) | BIT(6) | BIT(12) | BIT(18), BIT(1) | BIT(11) | BIT(21) | BIT(31),
		  BIT(1) | BIT(6) | BIT(11), BIT(0) | BIT(6) },
		/* a '*' that leaves nothing out is any value, as Vixie's '*' */
		{ "0 0 */1 * 1", BIT(0), BIT(0), 0, 0, BIT(1) },
		{ "\t0  12 *\tDEC * ", BIT(0), BIT(12), 0, BIT(12), 0 },
		{ "59 23 31 dec sat", BIT(59), BIT(23), BIT(31), BIT(12), BIT(6) },
		/* a line end separates fields too, as Shepherd's string-tokenize */
		{ "30 4 * * *\n", BIT(30), BIT(4), 0, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *ev = gx_asprintf("(cron-string->calendar-event \"%s\")", cases[i].cron);
		const struct os_service *s = event_service(ev);
		const struct bc_timer *t = s->timer;

		free(ev);
		assert_int_equal(t->minutes, cases[i].minutes);
		assert_int_equal(t->hours, cases[i].hours);
		assert_int_equal(t->days_of_month, cases[i].dom);
		assert_int_equal(t->months, cases[i].months);
		assert_int_equal(t->days_of_week, cases[i].dow);
		assert_int_equal(t->seconds, BIT(0));
		assert_string_equal(s->timer_cron, cases[i].cron);
	}
	assert_int_equal(event_timer("(cron-string->calendar-event #$\"0 1 * * *\")")->hours,
	                 BIT(1));
}

/* Each wrong event is a located error naming the keyword or field. */
static void test_timer_event_errors(void **state)
{
	static const struct {
		const char *event, *error;
	} cases[] = {
		{ "(calendar-event #:months '(0))",
		  "calendar-event: #:months: 0 is not a month (1 to 12)" },
		{ "(calendar-event #:months '(13))",
		  "calendar-event: #:months: 13 is not a month (1 to 12)" },
		{ "(calendar-event #:days-of-month '(0))",
		  "calendar-event: #:days-of-month: 0 is not a day of the month (1 to 31)" },
		{ "(calendar-event #:days-of-month '(32))",
		  "calendar-event: #:days-of-month: 32 is not a day of the month (1 to 31)" },
		{ "(calendar-event #:hours '(24))",
		  "calendar-event: #:hours: 24 is not an hour (0 to 23)" },
		{ "(calendar-event #:minutes (list 60))",
		  "calendar-event: #:minutes: 60 is not a minute (0 to 59)" },
		{ "(calendar-event #:seconds '(-1))",
		  "calendar-event: #:seconds: -1 is not a second (0 to 59)" },
		{ "(calendar-event #:seconds '(60))",
		  "calendar-event: #:seconds: 60 is not a second (0 to 59)" },
		{ "(calendar-event #:hours '(\"3\"))",
		  "calendar-event: #:hours: expected an hour (0 to 23), got \"3\"" },
		{ "(calendar-event #:days-of-week '(sun))",
		  "calendar-event: #:days-of-week: expected a day's name (sunday to saturday), "
		  "got sun" },
		{ "(calendar-event #:days-of-week '(0))",
		  "calendar-event: #:days-of-week: expected a day's name (sunday to saturday), "
		  "got 0" },
		{ "(calendar-event #:seconds '())",
		  "calendar-event: #:seconds: no value is allowed, so the timer would never fire" },
		{ "(calendar-event #:hours (iota 0))",
		  "calendar-event: #:hours: no value is allowed, so the timer would never fire" },
		{ "(calendar-event #:hours (iota 25))",
		  "calendar-event: #:hours: (iota ...) gives 24, which is not an hour (0 to 23)" },
		{ "(calendar-event #:minutes (iota 2 0 -1))",
		  "calendar-event: #:minutes: (iota ...) gives -1, which is not a minute (0 to "
		  "59)" },
		{ "(calendar-event #:minutes (iota -1))",
		  "calendar-event: #:minutes: expected (iota COUNT [START [STEP]]) of integers, "
		  "COUNT not negative" },
		{ "(calendar-event #:hours #$(list 1 25))",
		  "calendar-event: #:hours: 25 is not an hour (0 to 23)" },
		{ "(calendar-event #:hours 3)",
		  "calendar-event: #:hours: expected a list ('(...), (list ...), (iota ...) or "
		  "'#$LIST), got 3" },
		{ "(calendar-event #:hour '(3))",
		  "calendar-event: unknown keyword #:hour (did you mean #:hours?)" },
		{ "(calendar-event #:hours '(1) #:hours '(2))",
		  "calendar-event: #:hours is given twice" },
		{ "(calendar-event #:hours)",
		  "calendar-event: expected #:KEYWORD VALUE, got #:hours" },
		{ "(cron-string->calendar-event \"60 * * * *\")",
		  "cron-string->calendar-event: \"60 * * * *\": minute field \"60\": 60 is not a "
		  "minute (0 to 59)" },
		{ "(cron-string->calendar-event \"* 24 * * *\")",
		  "cron-string->calendar-event: \"* 24 * * *\": hour field \"24\": 24 is not an "
		  "hour "
		  "(0 to 23)" },
		{ "(cron-string->calendar-event \"* * 0 * *\")",
		  "cron-string->calendar-event: \"* * 0 * *\": day-of-month field \"0\": 0 is not "
		  "a "
		  "day of the month (1 to 31)" },
		{ "(cron-string->calendar-event \"* * 32 * *\")",
		  "cron-string->calendar-event: \"* * 32 * *\": day-of-month field \"32\": 32 is "
		  "not "
		  "a day of the month (1 to 31)" },
		{ "(cron-string->calendar-event \"* * * 13 *\")",
		  "cron-string->calendar-event: \"* * * 13 *\": month field \"13\": 13 is not a "
		  "month (1 to 12)" },
		{ "(cron-string->calendar-event \"* * * 0 *\")",
		  "cron-string->calendar-event: \"* * * 0 *\": month field \"0\": 0 is not a "
		  "month (1 to 12)" },
		{ "(cron-string->calendar-event \"* * * * 8\")",
		  "cron-string->calendar-event: \"* * * * 8\": day-of-week field \"8\": 8 is not a "
		  "day of the week (0 to 7)" },
		{ "(cron-string->calendar-event \"* * * * fry\")",
		  "cron-string->calendar-event: \"* * * * fry\": day-of-week field \"fry\": "
		  "unknown name \"fry\"" },
		{ "(cron-string->calendar-event \"* * * june *\")",
		  "cron-string->calendar-event: \"* * * june *\": month field \"june\": unknown "
		  "name \"june\"" },
		{ "(cron-string->calendar-event \"* mon * * *\")",
		  "cron-string->calendar-event: \"* mon * * *\": hour field \"mon\": expected a "
		  "number at \"mon\"" },
		{ "(cron-string->calendar-event \"5/10 * * * *\")",
		  "cron-string->calendar-event: \"5/10 * * * *\": minute field \"5/10\": a step "
		  "(/N) follows * or a range, not a single value" },
		{ "(cron-string->calendar-event \"*/0 * * * *\")",
		  "cron-string->calendar-event: \"*/0 * * * *\": minute field \"*/0\": expected a "
		  "step from 1 to 9999 after '/'" },
		{ "(cron-string->calendar-event \"999999 * * * *\")",
		  "cron-string->calendar-event: \"999999 * * * *\": minute field \"999999\": "
		  "999999 is not a minute (0 to 59)" },
		{ "(cron-string->calendar-event \"5- * * * *\")",
		  "cron-string->calendar-event: \"5- * * * *\": minute field \"5-\": expected a "
		  "number after '-'" },
		{ "(cron-string->calendar-event \"0 0 13 * */2\")",
		  "cron-string->calendar-event: \"0 0 13 * */2\": day-of-week field \"*/2\" starts "
		  "with '*' but leaves days out, beside a day-of-month field: Vixie cron would "
		  "require both days, gxsys takes either; list the days instead" },
		{ "(cron-string->calendar-event \"0 0 */2 * 5\")",
		  "cron-string->calendar-event: \"0 0 */2 * 5\": day-of-month field \"*/2\" "
		  "starts with '*' but leaves days out, beside a day-of-week field: Vixie cron "
		  "would require both days, gxsys takes either; list the days instead" },
		{ "(cron-string->calendar-event \"0 0 30 2 *\")",
		  "cron-string->calendar-event: the event never occurs: no month it allows has a "
		  "day of the month it allows" },
		{ "(cron-string->calendar-event \"0 0 31 4,6,9,11 *\")",
		  "cron-string->calendar-event: the event never occurs: no month it allows has a "
		  "day of the month it allows" },
		{ "(calendar-event #:months '(2) #:days-of-month '(30 31))",
		  "calendar-event: the event never occurs: no month it allows has a day of the "
		  "month it allows" },
		/* an ungexp'd value is shown as written, with its value */
		{ "(calendar-event #:hours #$#f)",
		  "calendar-event: #:hours: expected a list ('(...), (list ...), (iota ...) or "
		  "'#$LIST), got #$#f" },
		{ "(calendar-event #:days-of-week (iota 2))",
		  "calendar-event: #:days-of-week: expected days' names (sunday to saturday), got "
		  "(iota 2)" },
		{ "(cron-string->calendar-event \"10-5 * * * *\")",
		  "cron-string->calendar-event: \"10-5 * * * *\": minute field \"10-5\": the range "
		  "10-5 goes backwards" },
		{ "(cron-string->calendar-event \"1,,2 * * * *\")",
		  "cron-string->calendar-event: \"1,,2 * * * *\": minute field \"1,,2\": an "
		  "element of the list is empty" },
		{ "(cron-string->calendar-event \"*-5 * * * *\")",
		  "cron-string->calendar-event: \"*-5 * * * *\": minute field \"*-5\": unexpected "
		  "\"-5\"" },
		{ "(cron-string->calendar-event \"* * * *\")",
		  "cron-string->calendar-event: \"* * * *\": expected 5 fields (minute hour "
		  "day-of-month month day-of-week), got 4" },
		{ "(cron-string->calendar-event \"0 0 * * * *\")",
		  "cron-string->calendar-event: \"0 0 * * * *\": expected 5 fields (minute hour "
		  "day-of-month month day-of-week), got 6" },
		{ "(cron-string->calendar-event \"@daily\")",
		  "cron-string->calendar-event: \"@daily\": expected 5 fields (minute hour "
		  "day-of-month month day-of-week), got 1 (@ names are not supported)" },
		{ "(cron-string->calendar-event 5)",
		  "cron-string->calendar-event: expected a string, got 5" },
		{ "my-event",
		  "make-timer-constructor: expected a calendar event, (calendar-event ...) or "
		  "(cron-string->calendar-event \"...\"), got my-event" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(event_error(cases[i].event), cases[i].error);
	/* located at the value, or at the cron string */
	assert_string_equal(
	        timer_eval("(calendar-event #:hours '(1 24))", TRUE_CMD, NULL, "", NULL),
	        "6:168: calendar-event: #:hours: 24 is not an hour (0 to 23)");
	assert_non_null(strstr(timer_eval("(cron-string->calendar-event \"61 * * * *\")", TRUE_CMD,
	                                  NULL, "", NULL),
	                       "6:169: cron-string->calendar-event: \"61"));
}

/* The action, the keywords, the stop gexp and the record's fields. */
static void test_timer_errors(void **state)
{
	const char *ev = "(calendar-event #:minutes '(0))";
	static const struct {
		const char *rest, *error;
	} cases[] = {
		{ "(lambda () (system \"x\"))",
		  "make-timer-constructor: gxsys cannot run a procedure as a timer's action: only "
		  "(command '(...) ...) is supported" },
		{ "\"ls\"", "make-timer-constructor: expected an action (command '(...) ...), got "
		            "\"ls\"" },
		{ "(command '(\"/x\") #:resource-limits '((nofile 10 10)))",
		  "command: #:resource-limits is not supported by gxsys" },
		{ "(command '(\"/x\") #:pid-file \"/run/x.pid\")",
		  "command: #:pid-file is not supported by gxsys" },
		{ "(command '(\"/x\") #:log-file \"/x.log\")",
		  "command: #:log-file is not supported by gxsys" },
		{ "(command '())", "command: empty command" },
		{ "(command)", "command: missing command" },
		{ "(command (list 5))", "command: expected a string in the gexp, got 5" },
		{ "(command '(\"/x\") #:user \"zed\")",
		  "service 'svc': user 'zed' is not declared" },
		{ "(command '(\"/x\") #:environment-variables '(\"X\"))",
		  "#:environment-variables: \"X\" is not NAME=VALUE" },
		{ "", "make-timer-constructor: expected a calendar event and an action" },
		{ TRUE_CMD " #:max-duration -1",
		  "#:max-duration: expected an integer from 1 to 2147483 or #f, got -1" },
		{ TRUE_CMD " #:max-duration 0",
		  "#:max-duration: expected an integer from 1 to 2147483 or #f, got 0" },
		{ TRUE_CMD " #:max-duration 2147484",
		  "#:max-duration: expected an integer from 1 to 2147483 or #f, got 2147484" },
		{ TRUE_CMD " #:occurrences 0",
		  "#:occurrences: expected an integer from 1 to 2147483647, got 0" },
		{ TRUE_CMD " #:occurrences -2",
		  "#:occurrences: expected an integer from 1 to 2147483647, got -2" },
		{ TRUE_CMD " #:wait-for-termination? 1",
		  "#:wait-for-termination?: expected #t or #f, got 1" },
		{ TRUE_CMD " #:log-file \"x.log\"",
		  "#:log-file: expected an absolute path, got \"x.log\"" },
		/* one field of a line of herd rotate-logs's answer */
		{ TRUE_CMD " #:log-file \"/var/log/a\\tb\"",
		  "#:log-file: expected an absolute path without control characters, got "
		  "\"/var/log/a\\tb\"" },
		{ TRUE_CMD " #:termination-signal SIGFOO",
		  "#:termination-signal: unknown signal SIGFOO" },
		{ TRUE_CMD " #:resource-limits '()",
		  "make-timer-constructor: #:resource-limits is not supported by gxsys" },
		{ TRUE_CMD " 3", "make-timer-constructor: expected #:KEYWORD VALUE, got 3" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *e = timer_eval(ev, cases[i].rest, NULL, "", NULL);

		assert_non_null(strstr(e, ": "));
		assert_string_equal(strstr(e, ": ") + 2, cases[i].error);
	}
	/* Only make-timer-destructor stops a timer, and it stops only a timer. */
	assert_string_equal(timer_eval(ev, TRUE_CMD, "#~(make-kill-destructor)", "", NULL),
	                    "6:205: a timer (make-timer-constructor) is stopped with "
	                    "#~(make-timer-destructor), not '(make-kill-destructor ...)'");
	assert_non_null(strstr(timer_eval(ev, TRUE_CMD, "#~(const #f)", "", NULL),
	                       "stopped with #~(make-timer-destructor), not '(const ...)'"));
	assert_string_equal(timer_eval(ev, TRUE_CMD, "#f", "", NULL),
	                    "6:69: shepherd-service 'svc': a timer (make-timer-constructor) needs "
	                    "(stop #~(make-timer-destructor)), which disarms it");
	assert_non_null(strstr(timer_eval(ev, TRUE_CMD, "#~(make-timer-destructor 5)", "", NULL),
	                       ": make-timer-destructor: unexpected arguments"));
	assert_non_null(strstr(os_error(SHEP("#~(make-forkexec-constructor (list \"x\"))",
	                                     "#~(make-timer-destructor)")),
	                       ": make-timer-destructor stops a timer, and this service's start "
	                       "is not make-timer-constructor"));
	/* one-shot? #t is an error; respawn? #t, written, is noted as ignored */
	assert_string_equal(timer_eval(ev, TRUE_CMD, NULL, "(one-shot? #t)", NULL),
	                    "6:106: shepherd-service 'svc': a timer (make-timer-constructor) "
	                    "cannot be one-shot? #t: it stays started, to fire again");
	struct os_model *m = os(
	        "(host-name \"b\")\n(services (cons (simple-service 's shepherd-root-service-type "
	        "(list (shepherd-service (provision '(svc)) (respawn? #t) (actions (list "
	        "shepherd-trigger-action (shepherd-action (name 'x) (procedure #~(const #t))))) "
	        "(start #~(make-timer-constructor (calendar-event) " TRUE_CMD ")) (stop "
	        "#~(make-timer-destructor))) (shepherd-service (provision '(f)) (actions (list "
	        "shepherd-trigger-action)) (start #~(make-forkexec-constructor '(\"/x\")))))) "
	        "%base-services))");
	bool respawn = false, actions = false, f_actions = false;

	if (m == NULL)
		fail_msg("%s", last_error);
	assert_false(service(m, "svc")->respawn);
	for (size_t i = 0; i < m->n_ignored; i++) {
		respawn |= strcmp(m->ignored[i].what, "respawn? of service 'svc'") == 0;
		actions |= strcmp(m->ignored[i].what, "action 'x' of service 'svc'") == 0;
		f_actions |= strcmp(m->ignored[i].what, "action 'trigger' of service 'f'") == 0;
	}
	/* another action than the trigger is noted; a trigger is only a timer's */
	assert_true(respawn && actions && f_actions);
}

/* Two string vectors, either maybe NULL, are the same. */
static void assert_same_strv(const char *const *a, const char *const *b)
{
	assert_true((a == NULL) == (b == NULL));
	for (; a != NULL && (*a != NULL || *b != NULL); a++, b++) {
		assert_non_null(*a);
		assert_non_null(*b);
		assert_string_equal(*a, *b);
	}
}

static void assert_same_str(const char *a, const char *b)
{
	assert_true((a == NULL) == (b == NULL));
	if (a != NULL)
		assert_string_equal(a, b);
}

/* The model of a shepherd-service 'hand' written HAND (its fields after
 * the provision) beside a shepherd-timer 'timer' of ARGS (after the
 * provision): the two services are the same but for their names. */
static const struct os_service *same_as_hand_written(const char *hand, const char *args)
{
	char *fields = gx_asprintf(
	        "(host-name \"b\")\n(services (cons (simple-service 's shepherd-root-service-type "
	        "(list (shepherd-service (provision '(hand)) %s)\n(shepherd-timer '(timer) %s))) "
	        "%%base-services))",
	        hand, args);
	struct os_model *m = os(fields);
	const struct os_service *h, *t;

	free(fields);
	if (m == NULL)
		fail_msg("%s", last_error);
	h = service(m, "hand");
	t = service(m, "timer");
	assert_non_null(h->timer);
	assert_non_null(t->timer);
	assert_null(h->provision[1]);
	assert_null(t->provision[1]);
	assert_same_strv(h->requirement, t->requirement);
	assert_same_str(h->documentation, t->documentation);
	assert_string_equal(h->origin, t->origin);
	assert_same_strv(h->argv, t->argv);
	assert_int_equal(h->timer->months, t->timer->months);
	assert_int_equal(h->timer->days_of_month, t->timer->days_of_month);
	assert_int_equal(h->timer->days_of_week, t->timer->days_of_week);
	assert_int_equal(h->timer->hours, t->timer->hours);
	assert_int_equal(h->timer->minutes, t->timer->minutes);
	assert_int_equal(h->timer->seconds, t->timer->seconds);
	assert_int_equal(h->timer->max_duration, t->timer->max_duration);
	assert_int_equal(h->timer->occurrences, t->timer->occurrences);
	assert_int_equal(h->timer->wait_for_termination, t->timer->wait_for_termination);
	assert_same_str(h->timer_cron, t->timer_cron);
	assert_same_str(h->system_start, t->system_start);
	assert_same_str(h->system_stop, t->system_stop);
	assert_same_strv(h->stop_argv, t->stop_argv);
	assert_same_str(h->user, t->user);
	assert_same_str(h->group, t->group);
	assert_same_strv(h->supplementary_groups, t->supplementary_groups);
	assert_same_str(h->log_file, t->log_file);
	assert_same_str(h->pid_file, t->pid_file);
	assert_same_str(h->directory, t->directory);
	assert_same_strv(h->environment, t->environment);
	assert_int_equal(h->stop_signal, t->stop_signal);
	assert_int_equal(h->respawn, t->respawn);
	assert_int_equal(h->one_shot, t->one_shot);
	assert_int_equal(h->auto_start, t->auto_start);
	for (size_t i = 0; i < m->n_ignored; i++) /* neither noted (actions, respawn?) */
		assert_null(strstr(m->ignored[i].what, "of service '"));
	return t;
}

/* Guix's definition of shepherd-timer, written out. */
#define HAND(req, doc, event, line)                                                                \
	"(requirement " req ") (documentation " doc ") (modules '((shepherd service timer))) "     \
	"(start #~(make-timer-constructor " event " (command '" line                               \
	") #:wait-for-termination? #t)) (stop #~(make-timer-destructor)) (actions (list "          \
	"shepherd-trigger-action))"
#define DOC "\"Periodically run a command.\""

/* shepherd-timer is the shepherd-service Guix's definition makes: a cron
 * string or a gexp of an event; the command's gexp spliced into a quoted
 * list (file-append, #$@, #$ of a list); the keywords in any order. */
static void test_shepherd_timer(void **state)
{
	const struct os_service *t;

	(void)state;
	t = same_as_hand_written(HAND("'(user-processes)", DOC,
	                              "(cron-string->calendar-event \"0 3 */3 * *\")",
	                              "(#$(file-append coreutils \"/bin/true\") \"x\")"),
	                         "\"0 3 */3 * *\" #~(#$(file-append coreutils \"/bin/true\") "
	                         "\"x\") #:requirement '(user-processes)");
	assert_string_equal(t->argv[0], "/usr/bin/true");
	assert_string_equal(t->argv[1], "x");
	assert_null(t->argv[2]);
	assert_string_equal(t->requirement[0], "user-processes");
	assert_null(t->requirement[1]);
	assert_string_equal(t->documentation, "Periodically run a command.");
	assert_string_equal(t->timer_cron, "0 3 */3 * *");
	assert_int_equal(t->timer->hours, BIT(3));
	assert_int_equal(t->timer->days_of_month, 0x92492492);
	assert_true(t->timer->wait_for_termination);
	assert_false(t->respawn);
	assert_true(t->auto_start);

	t = same_as_hand_written(
	        HAND("'()", "\"Scrub weekly.\"",
	             "(calendar-event #:days-of-week '(sunday) #:hours '(0) #:minutes '(0))",
	             "(\"/bin/sh\" \"-c\" \"echo hi\")"),
	        "#~(calendar-event #:days-of-week '(sunday) #:hours '(0) #:minutes '(0)) "
	        "#~(\"/bin/sh\" \"-c\" \"echo hi\") #:documentation \"Scrub weekly.\"");
	assert_string_equal(t->argv[2], "echo hi");
	assert_null(t->requirement[0]);
	assert_string_equal(t->documentation, "Scrub weekly.");
	assert_null(t->timer_cron);
	assert_int_equal(t->timer->days_of_week, BIT(0));
	assert_int_equal(t->timer->minutes, BIT(0));
	assert_true(t->timer->wait_for_termination);

	/* a gexp of a cron string; #$@ in the command; the last keyword wins */
	t = same_as_hand_written(HAND("'(loopback)", "\"D\"",
	                              "(cron-string->calendar-event \"*/5 * * * *\")",
	                              "(\"/bin/echo\" #$@(list \"a\" \"b\"))"),
	                         "#~(cron-string->calendar-event \"*/5 * * * *\") #~(\"/bin/echo\" "
	                         "#$@(list \"a\" \"b\")) #:documentation \"D\" #:requirement '(x) "
	                         "#:requirement '(loopback)");
	assert_string_equal(t->argv[2], "b");
	assert_string_equal(t->requirement[0], "loopback");
	assert_null(t->requirement[1]);
	assert_string_equal(t->timer_cron, "*/5 * * * *");
	/* #~#$LIST: the gexp's body is the list */
	t = same_as_hand_written(
	        HAND("'()", DOC, "(calendar-event)", "(#$@(list \"/bin/a\" \"b\"))"),
	        "#~(calendar-event) #~#$(list \"/bin/a\" \"b\")");
	assert_string_equal(t->argv[0], "/bin/a");
	assert_string_equal(t->argv[1], "b");
	assert_null(t->argv[2]);
}

/* It is a shepherd-service record: its accessors, inherit. */
static void test_shepherd_timer_record(void **state)
{
	struct os_model *m = os(
	        "(host-name (let ((t (shepherd-timer '(t) \"0 * * * *\" #~(\"/bin/true\")))) (if "
	        "(and (shepherd-service? t) (equal? (shepherd-service-modules t) '((shepherd "
	        "service timer))) (equal? (shepherd-service-provision t) '(t)) (null? "
	        "(shepherd-service-requirement t)) (shepherd-service-respawn? t)) \"yes\" "
	        "\"no\")))\n"
	        "(services (cons (simple-service 's shepherd-root-service-type (list "
	        "(shepherd-service (inherit (shepherd-timer '(t) \"0 * * * *\" #~(\"/bin/true\"))) "
	        "(provision '(u)) (auto-start? #f)))) %base-services))");

	(void)state;
	if (m == NULL)
		fail_msg("%s", last_error);
	assert_string_equal(m->host_name, "yes");
	assert_false(service(m, "u")->auto_start);
	assert_string_equal(service(m, "u")->argv[0], "/bin/true");
	assert_int_equal(service(m, "u")->timer->minutes, BIT(0));
}

/* The error of (shepherd-timer ARGS), at the start of line 7. */
static const char *shepherd_timer_error(const char *args)
{
	char *fields = gx_asprintf("(host-name \"b\")\n(services (cons (simple-service 's "
	                           "shepherd-root-service-type (list\n(shepherd-timer %s))) "
	                           "%%base-services))",
	                           args);
	const char *e = os_error(fields);

	free(fields);
	return e;
}

#define CRON "\"0 3 * * *\" "

/* Each wrong argument is a located error; the event and the command are
 * read by the code that reads them in a shepherd-service, which locates
 * their errors in the user's gexps. */
static void test_shepherd_timer_errors(void **state)
{
	static const struct {
		const char *args, *error;
	} cases[] = {
		{ "'(x) " CRON, "7:1: wrong number of arguments to 'shepherd-timer': 2 given" },
		{ "'x " CRON "#~(\"/x\")",
		  "7:18: shepherd-timer: PROVISION: expected a non-empty list of symbols, got x" },
		{ "'() " CRON "#~(\"/x\")",
		  "7:18: shepherd-timer: PROVISION: expected a non-empty list of symbols, got ()" },
		{ "'(x \"y\") " CRON "#~(\"/x\")",
		  "7:18: shepherd-timer: PROVISION: expected a non-empty list of symbols, got (x "
		  "\"y\")" },
		{ "'(x) 5 #~(\"/x\")",
		  "7:22: shepherd-timer: expected a schedule, a cron string or "
		  "a gexp of a calendar event, got 5" },
		{ "'(x) #:requirement '() #~(\"/x\")", "7:22: shepherd-timer: expected a schedule, "
		                                       "a cron string or a gexp of a calendar "
		                                       "event, got #:requirement" },
		{ "'(x) " CRON "'(\"/x\")", "7:35: shepherd-timer: expected a command, a gexp of a "
		                            "list (#~(\"PROGRAM\" \"ARG\" ...)), got (\"/x\")" },
		{ "'(x) " CRON "#~\"/x\"",
		  "7:34: shepherd-timer: the command gexp's body is the "
		  "command line, a list (#~(\"PROGRAM\" \"ARG\" ...)), got "
		  "\"/x\"" },
		{ "'(x) " CRON "#~()", "7:34: shepherd-timer: empty command" },
		{ "'(x) " CRON "#~(list \"/x\")",
		  "7:37: shepherd-timer: the command gexp's body is the command line itself, "
		  "#~(\"PROGRAM\" \"ARG\" ...), spliced into a quoted list: (list ...) would make "
		  "the symbol list its program" },
		{ "'(x) " CRON "#~'(\"/x\")",
		  "7:36: shepherd-timer: the command gexp's body is the command line itself, "
		  "#~(\"PROGRAM\" \"ARG\" ...), spliced into a quoted list: (quote ...) would make "
		  "the symbol quote its program" },
		{ "'(x) " CRON "#~(#$@'())", "7:34: command: empty command" },
		{ "'(x) " CRON "#~(\"/x\" 1.5)",
		  "7:42: command: expected a string in the gexp, got 1.5" },
		{ "'(x) " CRON "#~#$5", "7:36: command: expected a list, got 5" },
		{ "'(x) " CRON "#~(\"/x\") #:requirements '()",
		  "7:43: shepherd-timer: unexpected argument #:requirements (expected "
		  "#:requirement or #:documentation)" },
		{ "'(x) " CRON "#~(\"/x\") 5", "7:43: shepherd-timer: unexpected argument 5 "
		                               "(expected #:requirement or #:documentation)" },
		{ "'(x) " CRON "#~(\"/x\") #:requirement",
		  "7:43: shepherd-timer: #:requirement has no value" },
		{ "'(x) " CRON "#~(\"/x\") #:requirement \"a\"",
		  "7:57: shepherd-timer: #:requirement: expected a list of symbols, got \"a\"" },
		{ "'(x) " CRON "#~(\"/x\") #:requirement '(\"a\")",
		  "7:58: shepherd-timer: #:requirement: expected a list of symbols, got (\"a\")" },
		{ "'(x) " CRON "#~(\"/x\") #:documentation 'a",
		  "7:60: shepherd-timer: #:documentation: expected a string, got a" },
		{ "'(x) \"61 * * * *\" #~(\"/x\")",
		  "7:22: cron-string->calendar-event: \"61 * * * *\": minute field \"61\": 61 is "
		  "not a minute (0 to 59)" },
		{ "'(x) #~(cron-string->calendar-event \"* * *\") #~(\"/x\")",
		  "7:53: cron-string->calendar-event: \"* * *\": expected 5 fields (minute hour "
		  "day-of-month month day-of-week), got 3" },
		{ "'(x) #~(calendar-event #:hours '(1 24)) #~(\"/x\")",
		  "7:52: calendar-event: #:hours: 24 is not an hour (0 to 23)" },
		{ "'(x) #~my-event #~(\"/x\")",
		  "7:24: make-timer-constructor: expected a calendar event, (calendar-event ...) "
		  "or "
		  "(cron-string->calendar-event \"...\"), got my-event" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(shepherd_timer_error(cases[i].args), cases[i].error);
}

static void test_graph(void **state)
{
	(void)state;
	assert_string_equal(os_error(SHEP("#~(const #t)", "#f")), "(no error)");
	assert_string_equal(
	        os_error("(host-name \"b\")\n(services (list (simple-service 's "
	                 "shepherd-root-service-type (list (shepherd-service (provision '(a)) "
	                 "(requirement '(nowhere)))))))"),
	        "6:69: service 'a' requires 'nowhere', which is not provided by any service");
	assert_string_equal(
	        os_error("(host-name \"b\")\n(services (list (simple-service 's "
	                 "shepherd-root-service-type (list (shepherd-service (provision '(a)) "
	                 "(requirement '(b))) (shepherd-service (provision '(b)) (requirement "
	                 "'(c))) (shepherd-service (provision '(c)) (requirement '(a)))))))"),
	        "6:69: service dependency cycle: a -> b -> c -> a");
	assert_string_equal(
	        os_error("(host-name \"b\")\n(services (list (simple-service 's "
	                 "shepherd-root-service-type (list (shepherd-service (provision '(a x))) "
	                 "(shepherd-service (provision '(x)))))))"),
	        "6:107: service 'x' is provided more than once (by 'a' and 'x')");
	assert_string_equal(
	        os_error("(host-name \"b\")\n(services (list (simple-service 's "
	                 "shepherd-root-service-type (list (shepherd-service (provision '()))))))"),
	        "6:87: shepherd-service: field 'provision': expected a non-empty list of symbols, "
	        "got ()");
}

static void test_notes(void **state)
{
	struct os_model *m = os("(host-name \"b\") (kernel linux-libre) (swap-devices '())\n"
	                        "(services (modify-services %base-services (delete "
	                        "udev-service-type) (guix-service-type c => (guix-configuration "
	                        "(inherit c) (substitute-urls '(\"x\"))))))");

	(void)state;
	assert_non_null(m);
	assert_int_equal(m->n_ignored, 4);
	assert_string_equal(m->ignored[0].what, "kernel"); /* in the record's field order */
	assert_int_equal(m->ignored[0].loc.line, 5);
	assert_string_equal(m->ignored[3].what, "swap-devices");
	for (size_t i = 0; i < m->n_dropped; i++)
		assert_string_not_equal(m->dropped[i].what, "udev-service-type");
	/* Shepherd's respawn-limit and respawn-delay: the service's own, no
	 * note (they were noted as ignored before gxsys-init took them). */
	m = os("(host-name \"b\")\n(services (list (simple-service 's shepherd-root-service-type "
	       "(list (shepherd-service (provision '(s)) (respawn-delay 10) (respawn-limit '(100 "
	       ". 60)) (start #~(make-forkexec-constructor '(\"/bin/true\"))))"
	       "(shepherd-service (provision '(t)) (respawn-delay 0.25) (respawn-limit #f) "
	       "(start #~(make-forkexec-constructor '(\"/bin/true\"))))))))");
	assert_non_null(m);
	for (size_t i = 0; i < m->n_ignored; i++)
		assert_null(strstr(m->ignored[i].what, "respawn"));
	const struct os_service *sv = service(m, "s"), *tv = service(m, "t");
	assert_int_equal(sv->respawn_max, 100);
	assert_int_equal(sv->respawn_window, 60);
	assert_int_equal(sv->respawn_delay_ms, 10000);
	assert_int_equal(tv->respawn_max, 0); /* #f: gxsys-init's default */
	assert_int_equal(tv->respawn_delay_ms, 250);
}

/* respawn-limit and respawn-delay that gxsys-init could not honour. */
static void test_respawn_errors(void **state)
{
	static const struct {
		const char *fields, *want;
	} cases[] = {
		{ "(respawn-limit 5)", "8:36: shepherd-service 's': respawn-limit: expected #f or "
		                       "(COUNT . SECONDS), COUNT 1 to 1000 and SECONDS 1 to 86400, "
		                       "got 5" },
		{ "(respawn-limit '(5 30))", "respawn-limit: expected #f or (COUNT . SECONDS)" },
		{ "(respawn-limit '(0 . 30))", "got (0 . 30)" },
		{ "(respawn-limit '(1001 . 30))", "got (1001 . 30)" },
		{ "(respawn-limit '(5 . 0))", "got (5 . 0)" },
		{ "(respawn-limit '(5 . 1.5))", "respawn-limit: expected #f or" },
		{ "(respawn-delay 0)",
		  "respawn-delay: expected #f or seconds (0.001 to 3600), got 0" },
		{ "(respawn-delay -1)", "respawn-delay: expected #f" },
		{ "(respawn-delay 3601)", "respawn-delay: expected #f" },
		{ "(respawn-delay \"1\")", "respawn-delay: expected #f or seconds (0.001 to 3600), "
		                           "got \"1\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = gx_asprintf("(host-name \"b\")\n(services (list (simple-service 's "
		                         "shepherd-root-service-type\n(list\n(shepherd-service "
		                         "(provision '(s)) %s (start #~(make-forkexec-constructor "
		                         "'(\"/bin/true\"))))))))",
		                         cases[i].fields);
		const char *got = os_error(text);

		if (strstr(got, cases[i].want) == NULL)
			fail_msg("%s: '%s' does not hold '%s'", cases[i].fields, got,
			         cases[i].want);
		free(text);
	}
}

/* The deprecated hosts-file field is /etc/hosts as it is, as in Guix; with
 * it, hosts-service-type is not there to extend. */
static void test_hosts_file(void **state)
{
	struct etc_set set = { NULL, 0 };
	struct gx_error *err = NULL;
	const struct etc_entry *e;
	struct os_model *m;

	(void)state;
	m = os("(host-name \"b\")\n(hosts-file (plain-file \"hosts\" (string-append "
	       "(local-host-aliases \"b\") \"192.0.2.1 a\\n\")))");
	if (m == NULL)
		fail_msg("%s", last_error);
	assert_int_equal(etc_generate(m, &set, &err), 0);
	assert_non_null(e = etc_set_find(&set, "hosts"));
	assert_string_equal(e->content,
	                    "127.0.0.1 localhost b\n::1       localhost b\n192.0.2.1 a\n");
	etc_set_free(&set);
	/* said to be deprecated, at the field */
	assert_int_equal(m->n_ignored, 3);
	assert_string_equal(m->ignored[2].what, "operating-system field 'hosts-file'");
	assert_int_equal(m->ignored[2].loc.line, 6);
	/* without it, the generated file */
	assert_non_null(m = os("(host-name \"b\")"));
	assert_null(m->hosts_file);
	assert_string_equal(
	        os_error("(host-name \"b\")\n(hosts-file (plain-file \"hosts\" \"\"))\n"
	                 "(services (list (simple-service 'h hosts-service-type (list (host "
	                 "\"192.0.2.1\" \"a\")))))"),
	        "6:1: operating-system: hosts-file replaces /etc/hosts, so hosts-service-type "
	        "cannot be extended (Guix: no target of type 'hosts'); put the hosts in the file, "
	        "or use hosts-service-type without hosts-file");
	assert_string_equal(os_error("(host-name \"b\")\n(hosts-file \"127.0.0.1 x\")"),
	                    "6:1: expected a file-like object, got \"127.0.0.1 x\"");
}

#define ACTS(actions)                                                                              \
	"(host-name \"b\")\n(services (cons (simple-service 's shepherd-root-service-type (list "  \
	"(shepherd-service (provision '(svc)) (start #~(make-forkexec-constructor '(\"/x\"))) "    \
	"(actions (list " actions "))))) %base-services))"

/* Shepherd's actions gxsys-init serves: a configuration file's name, a
 * command (invoke, system*), a signal to the running process; others
 * noted as ignored; bad names and commands refused. */
static void test_actions(void **state)
{
	const struct os_service *s;
	struct os_model *m = os(ACTS(
	        "(shepherd-configuration-action \"/etc/svc.conf\") "
	        "(shepherd-action (name 'reload) (documentation \"Reload.\") (procedure #~(lambda "
	        "_ "
	        "(invoke #$(file-append coreutils \"/bin/kill\") \"-HUP\" (string-append \"1\" "
	        "\"2\")) #t))) "
	        "(shepherd-action (name 'rotate) (documentation \"R.\") (procedure #~(lambda args "
	        "(system* \"/bin/sh\" \"-c\" \"echo $1\")))) "
	        "(shepherd-action (name 'reopen) (documentation \"Re-open.\") (procedure "
	        "#~(lambda (pid) (kill pid SIGHUP) (format #t \"Issued SIGHUP\")))) "
	        "(shepherd-action (name 'guile) (documentation \"G.\") (procedure #~(lambda _ "
	        "(display 1))))"));
	bool noted = false;

	(void)state;
	if (m == NULL)
		fail_msg("%s", last_error);
	s = service(m, "svc");
	assert_int_equal(s->n_actions, 4);
	assert_string_equal(s->actions[0].name, "configuration");
	assert_int_equal(s->actions[0].kind, BC_ACTION_CONFIGURATION);
	assert_string_equal(s->actions[0].file, "/etc/svc.conf");
	assert_string_equal(s->actions[1].name, "reload");
	assert_int_equal(s->actions[1].kind, BC_ACTION_COMMAND);
	assert_string_equal(s->actions[1].command[0], "/usr/bin/kill");
	assert_string_equal(s->actions[1].command[1], "-HUP");
	assert_string_equal(s->actions[1].command[2], "12");
	assert_null(s->actions[1].command[3]);
	assert_string_equal(s->actions[2].command[2], "echo $1");
	assert_string_equal(s->actions[3].name, "reopen");
	assert_int_equal(s->actions[3].kind, BC_ACTION_SIGNAL);
	assert_int_equal(s->actions[3].signal, SIGHUP);
	/* their documentation, for herd doc: the record's, and Guix's own for
	 * shepherd-configuration-action */
	assert_string_equal(s->actions[0].documentation,
	                    "Display the name of this service's configuration file.");
	assert_string_equal(s->actions[1].documentation, "Reload.");
	assert_string_equal(s->actions[3].documentation, "Re-open.");
	for (size_t i = 0; i < m->n_ignored; i++)
		noted |= strcmp(m->ignored[i].what, "action 'guile' of service 'svc'") == 0;
	assert_true(noted);
	/* a file-like object: its file's name */
	m = os(ACTS("(shepherd-configuration-action (plain-file \"p.conf\" \"x\"))"));
	if (m == NULL)
		fail_msg("%s", last_error);
	s = service(m, "svc");
	assert_int_equal(s->n_actions, 1);
	assert_true(s->actions[0].file[0] == '/');
	assert_non_null(strstr(s->actions[0].file, "p.conf"));

	assert_non_null(strstr(os_error(ACTS("(shepherd-action (name 'start) (documentation \"\") "
	                                     "(procedure #~(lambda _ (invoke \"/bin/true\"))))")),
	                       "shepherd-action: field 'name': expected a symbol of 1 to 32 "
	                       "lower-case letters, digits or '-', not one of herd's own verbs"));
	assert_non_null(
	        strstr(os_error(ACTS("(shepherd-action (name 'r) (documentation \"\") "
	                             "(procedure #~(lambda _ (invoke \"nginx\" \"-s\"))))")),
	               "action 'r' of service 'svc': the command must begin with an "
	               "absolute file name"));
	assert_non_null(strstr(os_error(ACTS("(shepherd-action (name 'r) (documentation \"\") "
	                                     "(procedure #~(lambda _ (invoke \"/bin/echo\" "
	                                     "\"a\\tb\"))))")),
	                       "action 'r' of service 'svc': control character in \"a\\tb\""));
	assert_non_null(strstr(os_error(ACTS("(shepherd-configuration-action \"/a\") "
	                                     "(shepherd-configuration-action \"/b\")")),
	                       "shepherd-service 'svc': action 'configuration' defined twice"));
	assert_non_null(strstr(os_error(ACTS("(shepherd-configuration-action \"etc/a\")")),
	                       "expected an absolute file name, got \"etc/a\""));
	assert_non_null(strstr(os_error(ACTS("(shepherd-action (name 'k) (documentation \"\") "
	                                     "(procedure #~(lambda (pid) (kill pid SIGFOO))))")),
	                       "SIGFOO"));
	assert_non_null(strstr(os_error(ACTS("42")), "expected a shepherd-action, got 42"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_defaults, teardown),
		cmocka_unit_test_teardown(test_locale_definitions, teardown),
		cmocka_unit_test_teardown(test_accounts, teardown),
		cmocka_unit_test_teardown(test_explicit_root, teardown),
		cmocka_unit_test_teardown(test_account_errors, teardown),
		cmocka_unit_test_teardown(test_host_names, teardown),
		cmocka_unit_test_teardown(test_packages, teardown),
		cmocka_unit_test_setup_teardown(test_etc_files, tmpdir_make, teardown_dir),
		cmocka_unit_test_teardown(test_shepherd_services, teardown),
		cmocka_unit_test_teardown(test_numeric_ids, teardown),
		cmocka_unit_test_teardown(test_gexp_errors, teardown),
		cmocka_unit_test_teardown(test_timer_service, teardown),
		cmocka_unit_test_teardown(test_timer_calendar_event, teardown),
		cmocka_unit_test_teardown(test_timer_cron, teardown),
		cmocka_unit_test_teardown(test_timer_event_errors, teardown),
		cmocka_unit_test_teardown(test_timer_errors, teardown),
		cmocka_unit_test_teardown(test_shepherd_timer, teardown),
		cmocka_unit_test_teardown(test_shepherd_timer_record, teardown),
		cmocka_unit_test_teardown(test_shepherd_timer_errors, teardown),
		cmocka_unit_test_teardown(test_graph, teardown),
		cmocka_unit_test_teardown(test_notes, teardown),
		cmocka_unit_test_teardown(test_respawn_errors, teardown),
		cmocka_unit_test_teardown(test_hosts_file, teardown),
		cmocka_unit_test_teardown(test_actions, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
