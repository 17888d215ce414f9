/* The service graph: provisions resolved to indices, requirement and
 * dependent edges, a topological order; missing requirements, duplicate
 * provisions and cycles rejected with one message each. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "svc_int.h"
#include "util.h"

/* Provided by the supervisor itself, never by a service. */
static bool builtin_provision(const char *name)
{
	return strcmp(name, "root") == 0 || strcmp(name, "shepherd") == 0;
}

ssize_t svc_graph_find(const struct bc_service *s, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i].name != NULL && strcmp(s[i].name, name) == 0)
			return (ssize_t)i;
		for (char **p = s[i].provision; p != NULL && *p != NULL; p++)
			if (strcmp(*p, name) == 0)
				return (ssize_t)i;
	}
	return -1;
}

static int check_provisions(const struct bc_service *s, size_t n, struct gx_error **err)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i].name == NULL || s[i].name[0] == '\0')
			return gx_fail_input(err, "service %zu has no name", i + 1);
		for (char **p = s[i].provision; p != NULL && *p != NULL; p++) {
			ssize_t other = svc_graph_find(s, n, *p);

			if (builtin_provision(*p))
				return gx_fail_input(err,
				                     "service '%s': provision '%s' is reserved",
				                     s[i].name, *p);
			if (other >= 0 && (size_t)other != i)
				return gx_fail_input(
				        err, "service '%s': '%s' is already provided by '%s'",
				        s[i].name, *p, s[other].name);
		}
		ssize_t first = svc_graph_find(s, n, s[i].name);

		if (first != (ssize_t)i)
			return gx_fail_input(err, "service '%s': '%s' is already provided by '%s'",
			                     s[i].name, s[i].name, s[first].name);
		if (builtin_provision(s[i].name))
			return gx_fail_input(err, "service name '%s' is reserved", s[i].name);
	}
	return 0;
}

static bool implicit_requirement(const struct bc_service *s, size_t n, const char *name)
{
	if (builtin_provision(name))
		return true;
	return strcmp(name, "syslogd") == 0 && svc_graph_find(s, n, name) < 0;
}

static int resolve(struct svc_graph *g, const struct bc_service *s, size_t n, struct gx_error **err)
{
	size_t *slot = g->edges; /* req arrays, then dep arrays, from one block */

	for (size_t i = 0; i < n; i++) {
		struct svc_node *node = &g->node[i];

		node->req = slot;
		slot += gx_strv_len(s[i].requirement);
		for (char **r = s[i].requirement; r != NULL && *r != NULL; r++) {
			ssize_t j = svc_graph_find(s, n, *r);

			if (j < 0 && implicit_requirement(s, n, *r))
				continue;
			if (j < 0)
				return gx_fail_input(err,
				                     "service '%s' requires '%s', which no "
				                     "service provides",
				                     s[i].name, *r);
			if ((size_t)j == i)
				return gx_fail_input(err, "service '%s' requires itself",
				                     s[i].name);
			node->req[node->n_req++] = (size_t)j;
			g->node[j].n_dep++;
		}
	}
	for (size_t i = 0; i < n; i++) {
		g->node[i].dep = slot;
		slot += g->node[i].n_dep;
		g->node[i].n_dep = 0;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < g->node[i].n_req; k++) {
			struct svc_node *r = &g->node[g->node[i].req[k]];

			r->dep[r->n_dep++] = i;
		}
	return 0;
}

enum { WHITE, GREY, BLACK };

struct walk {
	const struct svc_graph *g;
	const struct bc_service *s;
	unsigned char *color;
	size_t *stack; /* the DFS path, to name a cycle */
	size_t depth;
	size_t n_order;
};

static int cycle_error(struct walk *w, size_t j, struct gx_error **err)
{
	struct gx_buf b = GX_BUF_INIT;
	size_t from = 0;

	while (w->stack[from] != j)
		from++;
	for (size_t k = from; k < w->depth; k++)
		gx_buf_printf(&b, "'%s' -> ", w->s[w->stack[k]].name);
	gx_buf_printf(&b, "'%s'", w->s[j].name);
	gx_fail_input(err, "dependency cycle: %s", b.data);
	gx_buf_free(&b);
	return -1;
}

/* Post-order DFS over requirements: a service is placed after all of them. */
static int visit(struct walk *w, size_t i, struct gx_error **err)
{
	const struct svc_node *node = &w->g->node[i];

	w->color[i] = GREY;
	w->stack[w->depth++] = i;
	for (size_t k = 0; k < node->n_req; k++) {
		size_t j = node->req[k];

		if (w->color[j] == GREY)
			return cycle_error(w, j, err);
		if (w->color[j] == WHITE && visit(w, j, err) < 0)
			return -1;
	}
	w->depth--;
	w->color[i] = BLACK;
	w->g->order[w->n_order++] = i;
	return 0;
}

static int sort(struct svc_graph *g, const struct bc_service *s, size_t n, struct gx_error **err)
{
	_cleanup_free_ unsigned char *color = gx_xcalloc(n + 1, 1);
	_cleanup_free_ size_t *stack = gx_xcalloc(n + 1, sizeof(size_t));
	struct walk w = { .g = g, .s = s, .color = color, .stack = stack };

	for (size_t i = 0; i < n; i++)
		if (color[i] == WHITE && visit(&w, i, err) < 0)
			return -1;
	return 0;
}

/* One block for the whole graph (PID 1 keeps it for its life: one chunk,
 * not two per service scattered over the heap): the nodes, the order, and
 * room for every requirement edge twice (as a requirement and as a
 * dependent). */
static void alloc_graph(struct svc_graph *g, const struct bc_service *s, size_t n)
{
	size_t n_edges = 0;

	for (size_t i = 0; i < n; i++)
		n_edges += gx_strv_len(s[i].requirement);
	g->node =
	        gx_xcalloc(1, (n + 1) * sizeof(*g->node) + (n + 1 + 2 * n_edges) * sizeof(size_t));
	g->order = (size_t *)(g->node + n + 1);
	g->edges = g->order + n + 1;
}

int svc_graph_build(struct svc_graph *g, const struct bc_service *s, size_t n,
                    struct gx_error **err)
{
	memset(g, 0, sizeof(*g));
	g->n = n;
	alloc_graph(g, s, n);
	if (check_provisions(s, n, err) < 0 || resolve(g, s, n, err) < 0 ||
	    sort(g, s, n, err) < 0) {
		svc_graph_free(g);
		return -1;
	}
	return 0;
}

void svc_graph_free(struct svc_graph *g)
{
	free(g->node);
	memset(g, 0, sizeof(*g));
}
