/* launch — see launch.h for the contract. */
#include "launch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void launch_init(struct launch *l, const struct target_config *cfg)
{
	l->cfg = *cfg;
	strbuf_init(&l->args, 0);
	l->argc = 0;
	l->wrapper = NULL;
}

void launch_set_wrapper(struct launch *l, char *const *wrapper)
{
	l->wrapper = wrapper;
	l->cfg.wrapper_execs = wrapper ? 1 : 0;
}

void launch_release(struct launch *l)
{
	strbuf_release(&l->args);
	l->argc = 0;
}

void launch_set_argv(struct launch *l, char *const argv[])
{
	strbuf_reset(&l->args);
	for (l->argc = 0; argv[l->argc]; l->argc++)
		strbuf_add(&l->args, argv[l->argc], strlen(argv[l->argc]) + 1);
}

bool launch_has_program(const struct launch *l)
{
	return l->argc > 0 && l->args.buf[0];
}

const char *launch_program(const struct launch *l)
{
	return l->args.buf;
}

int launch_set_args(struct launch *l, const char *data, size_t len, size_t argc)
{
	struct strbuf args = STRBUF_INIT;

	if (!argc)
		return -EINVAL;
	if (!data[0]) { /* no program named: keep the last one */
		if (!launch_has_program(l))
			return -ENOENT;
		strbuf_add(&args, l->args.buf, strlen(l->args.buf) + 1);
		strbuf_add(&args, data + 1, len - 1);
	} else {
		strbuf_add(&args, data, len);
	}
	strbuf_release(&l->args);
	l->args = args;
	l->argc = argc;
	return 0;
}

/* gdbserver's rule: a bare name naming a regular file here runs from here. */
static void resolve_program(const char *prog, struct strbuf *path)
{
	struct stat st;
	char *cwd;

	strbuf_adds(path, prog);
	if (strchr(prog, '/') || stat(prog, &st) || !S_ISREG(st.st_mode))
		return;
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return;
	strbuf_reset(path);
	strbuf_addf(path, "%s/%s", cwd, prog);
	free(cwd);
}

int launch_start(struct launch *l, struct target **out, struct target_stop *first)
{
	struct strbuf path = STRBUF_INIT;
	size_t nwrap = 0;
	const char *p = l->args.buf;
	char **argv;
	int err;

	if (!launch_has_program(l))
		return -ENOENT;
	while (l->wrapper && l->wrapper[nwrap])
		nwrap++;
	argv = calloc(nwrap + l->argc + 1, sizeof(*argv));
	if (!argv)
		return -ENOMEM;
	for (size_t i = 0; i < nwrap; i++)
		argv[i] = l->wrapper[i];
	for (size_t i = 0; i < l->argc; i++, p += strlen(p) + 1)
		argv[nwrap + i] = (char *)p;
	resolve_program(argv[nwrap], &path);
	argv[nwrap] = path.buf;
	err = linux_target_spawn(&l->cfg, argv, out, first);
	free(argv);
	strbuf_release(&path);
	return err;
}
