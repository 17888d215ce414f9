/* Unit tests of the service graph: requirement resolution, topological
 * order, missing requirements, duplicate provisions and cycles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svc_int.h"

/* A NULL-terminated vector of literals (-Wwrite-strings makes them const). */
#define V(...) ((char **)(const char *[]){ __VA_ARGS__, NULL })

static struct bc_service S(const char *name, char **prov, char **req) {
	struct bc_service s;

	memset(&s, 0, sizeof(s));
	s.name = (char *)name;
	s.provision = prov;
	s.requirement = req;
	return s;
}

static size_t
pos(const struct svc_graph *g, size_t i)
{
	for (size_t k = 0; k < g->n; k++)
		if (g->order[k] == i)
			return k;
	fail_msg("service %zu not in the order", i);
	return 0;
}

static void test_order(void **state)
{
	/* web needs db and net; db needs net; log is independent */
	struct bc_service s[] = {
		S("web", V("web", "www"), V("db", "networking")),
		S("db", V("db"), V("networking")),
		S("log", V("log"), NULL),
		S("net", V("net", "networking"), NULL),
	};
	struct svc_graph g;
	struct gx_error *err = NULL;

	(void)state;
	assert_int_equal(svc_graph_build(&g, s, 4, &err), 0);
	assert_null(err);
	assert_true(pos(&g, 3) < pos(&g, 1));
	assert_true(pos(&g, 1) < pos(&g, 0));
	assert_true(pos(&g, 3) < pos(&g, 0));
	assert_int_equal(g.node[0].n_req, 2);
	assert_int_equal(g.node[0].req[0], 1);
	assert_int_equal(g.node[0].req[1], 3);
	assert_int_equal(g.node[3].n_dep, 2); /* db and web */
	assert_int_equal(g.node[2].n_req, 0);
	assert_int_equal(g.node[2].n_dep, 0);
	assert_int_equal(svc_graph_find(s, 4, "www"), 0);
	assert_int_equal(svc_graph_find(s, 4, "networking"), 3);
	assert_int_equal(svc_graph_find(s, 4, "nope"), -1);
	svc_graph_free(&g);
}

static void expect_error(struct bc_service *s, size_t n, const char *msg)
{
	struct svc_graph g;
	struct gx_error *err = NULL;

	assert_int_equal(svc_graph_build(&g, s, n, &err), -1);
	assert_non_null(err);
	assert_string_equal(err->msg, msg);
	assert_int_equal(err->status, GX_EXIT_FAILURE);
	gx_error_free(err);
	assert_null(g.node);
}

static void test_missing(void **state)
{
	struct bc_service s[] = { S("a", V("a"), V("b")) };

	(void)state;
	expect_error(s, 1, "service 'a' requires 'b', which no service provides");
}

static void test_duplicate(void **state)
{
	struct bc_service s[] = { S("a", V("a", "x"), NULL), S("b", V("b", "x"), NULL) };
	struct bc_service t[] = { S("a", V("a"), NULL), S("a", V("a"), NULL) };

	(void)state;
	expect_error(s, 2, "service 'b': 'x' is already provided by 'a'");
	expect_error(t, 2, "service 'a': 'a' is already provided by 'a'");
}

static void test_cycle(void **state)
{
	struct bc_service s[] = {
		S("a", V("a"), V("b")),
		S("b", V("b"), V("c")),
		S("c", V("c"), V("a")),
		S("d", V("d"), NULL),
	};
	struct bc_service self[] = { S("a", V("a"), V("a")) };
	/* a cycle not reachable from the first service */
	struct bc_service later[] = {
		S("x", V("x"), NULL),
		S("p", V("p"), V("x", "q")),
		S("q", V("q"), V("p")),
	};

	(void)state;
	expect_error(s, 4, "dependency cycle: 'a' -> 'b' -> 'c' -> 'a'");
	expect_error(self, 1, "service 'a' requires itself");
	expect_error(later, 3, "dependency cycle: 'p' -> 'q' -> 'p'");
}

static void test_builtin(void **state)
{
	struct bc_service ok[] = { S("sshd", V("sshd"), V("syslogd", "root")) };
	struct bc_service own[] = { S("sshd", V("sshd"), V("syslogd")),
		                    S("rsyslog", V("rsyslog", "syslogd"), NULL) };
	struct bc_service bad[] = { S("root", V("root"), NULL) };
	struct svc_graph g;
	struct gx_error *err = NULL;

	(void)state;
	assert_int_equal(svc_graph_build(&g, ok, 1, &err), 0);
	assert_int_equal(g.node[0].n_req, 0);
	svc_graph_free(&g);
	assert_int_equal(svc_graph_build(&g, own, 2, &err), 0);
	assert_int_equal(g.node[0].n_req, 1); /* a real syslogd wins */
	assert_true(g.order[0] == 1);
	svc_graph_free(&g);
	expect_error(bad, 1, "service 'root': provision 'root' is reserved");
}

static void test_empty(void **state)
{
	struct svc_graph g;
	struct gx_error *err = NULL;
	struct bc_service unnamed[] = { S(NULL, NULL, NULL) };

	(void)state;
	assert_int_equal(svc_graph_build(&g, NULL, 0, &err), 0);
	assert_int_equal(g.n, 0);
	svc_graph_free(&g);
	expect_error(unnamed, 1, "service 1 has no name");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),     cmocka_unit_test(test_missing),
		cmocka_unit_test(test_duplicate), cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_builtin),   cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
