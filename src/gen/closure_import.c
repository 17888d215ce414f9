/* closure_import: stage every missing node, sync once, then register each
 * with its references (closure.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "closure_int.h"

struct progress {
	const struct closure_opts *o;
	uint64_t done, total;
	const char *what;
};

static void on_bytes(void *ctx, uint64_t bytes)
{
	struct progress *p = ctx;

	p->done += bytes;
	if (p->o && p->o->progress)
		p->o->progress(p->o->ctx, p->done, p->total, p->what);
}

static void on_warn(void *ctx, const char *msg)
{
	struct progress *p = ctx;

	if (p->o && p->o->warn)
		p->o->warn(p->o->ctx, msg);
}

static struct store_stage *stage_node(struct closure_ctx *cx, size_t i, struct progress *pr,
                                      struct gx_error **err)
{
	struct closure_node *n = &cx->c->nodes[i];
	struct gx_arena a = GX_ARENA_INIT;
	struct store_src *srcs = NULL;
	size_t ns;
	struct store_stage *sg = NULL;
	_cleanup_free_ char *what = gx_asprintf("package '%s'", n->pkg);
	struct store_stage_opts so = { cx->o && cx->o->allow_modified, what, on_warn, on_bytes,
		                       pr };

	pr->what = n->pkg;
	if (closure_node_srcs(cx, i, &srcs, &ns, &a, err) == 0)
		sg = store_stage(cx->st, n->pkg, n->version, srcs, ns, &so, err);
	free(srcs);
	gx_arena_free(&a);
	return sg;
}

static char *edge_lines(const struct node_x *x)
{
	struct gx_buf b = GX_BUF_INIT;

	for (size_t k = 0; k < x->ne; k++) {
		if (x->e[k].kind != CLOSURE_WHY_DEPENDS && x->e[k].kind != CLOSURE_WHY_ELF &&
		    x->e[k].kind != CLOSURE_WHY_SYMLINK && x->e[k].kind != CLOSURE_WHY_SHEBANG)
			continue;
		gx_buf_printf(&b, "edge: %s %s ", closure_why_name(x->e[k].kind), x->e[k].pkg);
		store_escape(&b, x->e[k].detail ? x->e[k].detail : "");
		gx_buf_putc(&b, '\n');
	}
	return gx_buf_steal(&b);
}

static const char *node_base(const struct closure *c, struct store_stage **sg, size_t j)
{
	return c->nodes[j].item ? c->nodes[j].item->base : sg[j] ? store_stage_base(sg[j]) : NULL;
}

/* Node i's references: the items of its dependencies. */
static char **node_refs(struct closure_ctx *cx, struct store_stage **sg, size_t i)
{
	const struct closure_node *n = &cx->c->nodes[i];
	char **refs = gx_xcalloc(1, sizeof(char *));

	for (size_t k = 0; k < n->n_deps; k++) {
		const char *b = node_base(cx->c, sg, n->deps[k]);
		if (b)
			refs = gx_strv_push(refs, b);
	}
	return refs;
}

static int prepare_node(struct closure_ctx *cx, struct store_stage **sg, size_t i,
                        struct gx_error **err)
{
	_cleanup_strv_ char **refs = node_refs(cx, sg, i);
	_cleanup_free_ char *edges = edge_lines(&cx->c->priv->x[i]);

	return store_stage_prepare(cx->st, sg[i], cx->c->priv->x[i].key, refs, edges, err);
}

/* Node i, prepared: its records are prepare_node's. */
static int commit_node(struct closure_ctx *cx, struct store_stage **sg, size_t i,
                       struct gx_error **err)
{
	struct closure_node *n = &cx->c->nodes[i];

	n->item = store_commit(cx->st, sg[i], cx->c->priv->x[i].key, NULL, NULL, err);
	return n->item ? 0 : -1;
}

/* The nodes in an order where each comes after its dependencies (but
 * within a cycle of Depends): depth first, each node once. */
static void deps_first(const struct closure *c, size_t i, bool *seen, size_t *order, size_t *n)
{
	if (seen[i])
		return;
	seen[i] = true;
	for (size_t k = 0; k < c->nodes[i].n_deps; k++)
		deps_first(c, c->nodes[i].deps[k], seen, order, n);
	order[(*n)++] = i;
}

int closure_import(struct store *st, struct closure *c, const struct closure_opts *opts,
                   struct gx_error **err)
{
	struct closure_ctx cx = { st, c->priv->cat, opts, c->priv->db, c, GX_BUF_INIT };
	struct store_stage **sg = gx_xcalloc(c->n + 1, sizeof(*sg));
	struct progress pr = { opts, 0, 0, NULL };
	int rc = 0;

	for (size_t i = 0; i < c->n; i++)
		if (!c->nodes[i].item)
			pr.total += c->nodes[i].host_size;
	for (size_t i = 0; rc == 0 && i < c->n; i++) {
		if (opts->stop && *opts->stop)
			rc = gx_fail_signal(err, *opts->stop);
		else if (!c->nodes[i].item && !(sg[i] = stage_node(&cx, i, &pr, err)))
			rc = -1;
	}
	if (rc < 0 && opts->stop && *opts->stop) /* a copy cut short */
		gx_fail_signal(err, *opts->stop);
	/* The records too, before the sync: see store_prepare. */
	for (size_t i = 0; rc == 0 && i < c->n; i++)
		if (sg[i])
			rc = prepare_node(&cx, sg, i, err);
	if (rc == 0 && closure_missing(c) > 0)
		rc = store_sync(st, err);
	/* Each item registered after the items it refers to: cut short (an
	 * error, a kill), the store holds no item whose references are not
	 * there. */
	size_t *order = gx_xcalloc(c->n + 1, sizeof(*order)), n_order = 0;
	bool *seen = gx_xcalloc(c->n + 1, sizeof(*seen));
	for (size_t i = 0; i < c->n; i++)
		deps_first(c, i, seen, order, &n_order);
	for (size_t k = 0; rc == 0 && k < n_order; k++)
		if (sg[order[k]])
			rc = commit_node(&cx, sg, order[k], err);
	free(order);
	free(seen);
	bool staged = false;
	for (size_t i = 0; i < c->n; i++)
		staged |= sg[i] != NULL;
	if (rc == 0 && staged)
		rc = store_sync(st, err); /* the registrations */
	for (size_t i = 0; i < c->n; i++)
		store_stage_free(sg[i]);
	free(sg);
	return rc;
}
