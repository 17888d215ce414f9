/* A temporary directory per test, for cmocka_unit_test_setup_teardown():
 * tmpdir_make puts its path in *state, tmpdir_remove removes it with all
 * it holds.  cmocka runs the teardown when the test fails too, where a
 * removal at the test's end would be jumped over by the failed assertion. */
#ifndef GX_TEST_TMPDIR_H
#define GX_TEST_TMPDIR_H

#include <stdlib.h>

#include "util.h"

static inline int tmpdir_make(void **state)
{
	char *dir = gx_xstrdup("/tmp/gxsys-test-XXXXXX");

	if (!mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static inline int tmpdir_remove(void **state)
{
	char *dir = *state;
	_cleanup_free_ char *cmd = gx_asprintf("rm -rf '%s'", dir);
	int r = system(cmd);

	free(dir);
	*state = NULL;
	return r == 0 ? 0 : -1;
}

#endif
