/* One function per gxsys subcommand, each in its own cmd_<name>.c.
 * Each returns the process exit status (enum gx_exit). */
#ifndef GX_COMMANDS_H
#define GX_COMMANDS_H

struct gx_command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the subcommand */
	const char *summary;
};

int cmd_version(int argc, char **argv);
int cmd_container(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_closure(int argc, char **argv);
int cmd_gc(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_archive(int argc, char **argv);

/* fflush(stdout) for a command that checks its output itself: 0, or EOF
 * with the reason kept for main's "gxsys: write error: REASON" (errno is
 * gone by the time main looks, and the stream keeps only a flag).  failed:
 * the errno of a write to stdout that just failed, or 0. */
int cmd_flush_stdout(int failed);

#endif
