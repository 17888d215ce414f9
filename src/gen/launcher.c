/* The run-container writer: @NAME@ substitution with sh quoting. */
#include "launcher.h"

#include <stddef.h>
#include <string.h>

void launch_sh_quote(struct gx_buf *out, const char *s)
{
	gx_buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			gx_buf_puts(out, "'\\''");
		else
			gx_buf_putc(out, *s);
	}
	gx_buf_putc(out, '\'');
}

/* For the header comment: printable ASCII only, so it stays one line. */
static void put_comment(struct gx_buf *out, const char *s)
{
	for (; *s; s++)
		gx_buf_putc(out, (*s >= 0x20 && *s < 0x7f) ? *s : '?');
}

static int put_items(struct gx_buf *out, const char *const *items, struct gx_error **err)
{
	struct gx_buf list = GX_BUF_INIT;

	for (const char *const *it = items; it && *it; it++) {
		if (strchr(*it, '\n') != NULL || strchr(*it, '/') != NULL || **it == '\0') {
			gx_buf_free(&list);
			return gx_fail_input(err, "invalid store item name '%s'", *it);
		}
		gx_buf_printf(&list, "%s%s", list.len ? "\n" : "", *it);
	}
	launch_sh_quote(out, list.data ? list.data : "");
	gx_buf_free(&list);
	return 0;
}

static const char *param(const struct launch_params *p, const char *name, size_t n)
{
	static const struct {
		const char *name;
		size_t off;
	} table[] = {
		{ "VERSION", offsetof(struct launch_params, version) },
		{ "STORE", offsetof(struct launch_params, store) },
		{ "SYSTEM", offsetof(struct launch_params, system) },
		{ "BOOT_CONF", offsetof(struct launch_params, boot_conf) },
		{ "INIT", offsetof(struct launch_params, init) },
		{ "SOURCE", offsetof(struct launch_params, source) },
		{ "NAME", offsetof(struct launch_params, name) },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strlen(table[i].name) == n && memcmp(table[i].name, name, n) == 0) {
			const char *v = *(const char *const *)((const char *)p + table[i].off);
			return v ? v : "";
		}
	return NULL;
}

static int put_param(struct gx_buf *out, const struct launch_params *p, const char *name, size_t n,
                     struct gx_error **err)
{
	const char *v;

	if (n == 7 && memcmp(name, "VERSION", 7) == 0) {
		put_comment(out, p->version ? p->version : "");
		return 0;
	}
	if (n == 17 && memcmp(name, "HOST_NAME_COMMENT", 17) == 0) {
		put_comment(out, p->host_name ? p->host_name : "");
		return 0;
	}
	if (n == 5 && memcmp(name, "ITEMS", 5) == 0)
		return put_items(out, p->items, err);
	v = param(p, name, n);
	if (v == NULL)
		return gx_fail_input(err, "launcher template: unknown placeholder @%.*s@", (int)n,
		                     name);
	launch_sh_quote(out, v);
	return 0;
}

static bool is_placeholder_char(char c)
{
	return (c >= 'A' && c <= 'Z') || c == '_';
}

int launch_render(const char *tmpl, size_t len, const struct launch_params *p, struct gx_buf *out,
                  struct gx_error **err)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i + 1;

		if (tmpl[i] != '@') {
			gx_buf_putc(out, tmpl[i++]);
			continue;
		}
		while (j < len && is_placeholder_char(tmpl[j]))
			j++;
		if (j < len && tmpl[j] == '@' && j > i + 1) {
			if (put_param(out, p, tmpl + i + 1, j - i - 1, err) < 0)
				return -1;
			i = j + 1;
		} else {
			gx_buf_putc(out, tmpl[i++]);
		}
	}
	return 0;
}

int launch_write(const struct launch_params *p, struct gx_buf *out, struct gx_error **err)
{
	return launch_render(launch_template, launch_template_len, p, out, err);
}
