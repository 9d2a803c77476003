/* launch — see launch.h for the contract. */
#include "launch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell_quote.h"

void launch_init(struct launch *l, const struct target_config *cfg)
{
	l->cfg = *cfg;
	strbuf_init(&l->args, 0);
	l->argc = 0;
	l->args_from_gdb = false;
	l->wrapper = NULL;
	l->startup_with_shell = true;
	l->escape_args = true;
	envlist_init(&l->env, environ);
	strbuf_init(&l->cwd, 0);
}

void launch_set_wrapper(struct launch *l, char *const *wrapper)
{
	l->wrapper = wrapper;
}

void launch_release(struct launch *l)
{
	strbuf_release(&l->args);
	l->argc = 0;
	envlist_release(&l->env);
	strbuf_release(&l->cwd);
}

void launch_set_argv(struct launch *l, char *const argv[])
{
	strbuf_reset(&l->args);
	for (l->argc = 0; argv[l->argc]; l->argc++)
		strbuf_add(&l->args, argv[l->argc], strlen(argv[l->argc]) + 1);
	l->args_from_gdb = false;
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
	l->args_from_gdb = true;
	return 0;
}

int launch_env_set(struct launch *l, const char *name_value)
{
	return envlist_set(&l->env, name_value);
}

void launch_env_unset(struct launch *l, const char *name)
{
	envlist_unset(&l->env, name);
}

void launch_env_reset(struct launch *l)
{
	envlist_release(&l->env);
	envlist_init(&l->env, environ);
}

void launch_set_cwd(struct launch *l, const char *dir)
{
	const char *home = getenv("HOME");

	strbuf_reset(&l->cwd);
	if (home && dir[0] == '~' && (dir[1] == '/' || !dir[1])) {
		strbuf_adds(&l->cwd, home);
		dir++;
	}
	strbuf_adds(&l->cwd, dir);
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

/* A program named by a path must be an executable file: say why not here,
 * not as a shell's message. Bare names are searched in PATH at exec. */
static int check_program(const char *path)
{
	struct stat st;

	if (!strchr(path, '/'))
		return 0;
	if (stat(path, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EACCES;
	return access(path, X_OK) ? -errno : 0;
}

/* The arguments after the program, one after the other. */
static const char *next_arg(const char *p)
{
	return p + strlen(p) + 1;
}

/* exec WRAPPER... PATH ARGS, for $SHELL -c */
static void shell_command(const struct launch *l, const char *path, struct strbuf *cmd)
{
	const char *p = l->args.buf;

	strbuf_adds(cmd, "exec");
	for (size_t i = 0; l->wrapper && l->wrapper[i]; i++) {
		strbuf_addc(cmd, ' ');
		shell_quote(cmd, l->wrapper[i], false);
	}
	strbuf_addc(cmd, ' ');
	shell_quote(cmd, path, true);
	for (size_t i = 1; i < l->argc; i++) {
		p = next_arg(p);
		strbuf_addc(cmd, ' ');
		shell_quote(cmd, p, !l->args_from_gdb && l->escape_args);
	}
}

/* WRAPPER... PATH ARGS, or SHELL -c COMMAND; NULL-terminated, the strings
 * stay the callers'. */
static char **spawn_argv(const struct launch *l, const char *path, struct strbuf *cmd)
{
	const char *shell = getenv("SHELL");
	size_t nwrap = 0, n = 0;
	const char *p = l->args.buf;
	char **argv;

	while (l->wrapper && l->wrapper[nwrap])
		nwrap++;
	argv = calloc(nwrap + l->argc + 3, sizeof(*argv));
	if (!argv)
		return NULL;
	if (l->startup_with_shell) {
		shell_command(l, path, cmd);
		argv[n++] = (char *)(shell && *shell ? shell : "/bin/sh");
		argv[n++] = (char *)"-c";
		argv[n++] = cmd->buf;
		return argv;
	}
	for (size_t i = 0; i < nwrap; i++)
		argv[n++] = l->wrapper[i];
	argv[n++] = (char *)path;
	for (size_t i = 1; i < l->argc; i++)
		argv[n++] = (char *)(p = next_arg(p));
	return argv;
}

int launch_start(struct launch *l, struct target **out, struct target_stop *first)
{
	struct strbuf path = STRBUF_INIT, cmd = STRBUF_INIT;
	struct target_config cfg = l->cfg;
	char **argv = NULL;
	int err;

	if (!launch_has_program(l))
		return -ENOENT;
	resolve_program(l->args.buf, &path);
	err = check_program(path.buf);
	if (err)
		goto out_release;
	argv = spawn_argv(l, path.buf, &cmd);
	err = -ENOMEM;
	if (!argv)
		goto out_release;
	cfg.envp = l->env.v;
	cfg.cwd = l->cwd.len ? l->cwd.buf : NULL;
	cfg.wrapper_execs = (l->wrapper ? 1 : 0) + (l->startup_with_shell ? 1 : 0);
	err = linux_target_spawn(&cfg, argv, out, first);
out_release:
	free(argv);
	strbuf_release(&cmd);
	strbuf_release(&path);
	return err;
}
