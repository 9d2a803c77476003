/*
 * launch — what to run and how: the program, its arguments and the spawn
 * settings, kept for the whole server run so extended-remote `vRun' and `R'
 * can start it again (with new arguments or none), with what gdb's `set
 * environment', `unset environment', `set cwd', `set startup-with-shell' and
 * `set disable-randomization' said since (QEnvironment*, QSetWorkingDir,
 * QStartupWithShell, QDisableRandomization).
 *
 * Contract: launch_start() resolves the program as gdbserver does (a bare
 * name that is a regular file in the current directory runs from there by
 * absolute path, otherwise PATH is searched) and spawns it through the target
 * API, stopped at its first instruction: with startup_with_shell (gdbserver's
 * default) as `$SHELL -c "exec [WRAPPER...] PROG ARGS"' (/bin/sh without
 * SHELL), the shell's and the wrapper's execs let through; else directly.
 * Arguments from gdb's `run' are expanded by that shell as gdb's native `run'
 * does ($HOME, *); the command line's are not, unless escape_args is off
 * (--no-escape-args). The strings are copies: callers may free what they
 * passed. Settings apply from the next start on.
 */
#ifndef RSTUB_LAUNCH_H
#define RSTUB_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>

#include "envlist.h"
#include "strbuf.h"
#include "target.h"

struct launch {
	struct target_config cfg;
	struct strbuf args; /* argv[0..argc) NUL-separated; argv[0] is the program */
	size_t argc;
	bool args_from_gdb;   /* set by vRun: the shell may expand them */
	char *const *wrapper; /* --wrapper's command (NULL-terminated), or NULL */
	bool startup_with_shell; /* start programs through $SHELL (default on) */
	bool escape_args;	 /* command-line ARGS pass the shell as they are */
	struct envlist env;	 /* the programs' environment */
	struct strbuf cwd;	 /* where they start; empty: rstub's directory */
};

/* Initial settings: cfg's, rstub's environment and directory, a shell. */
void launch_init(struct launch *l, const struct target_config *cfg);
void launch_release(struct launch *l);
/* Remember argv (NULL-terminated), from the command line. */
void launch_set_argv(struct launch *l, char *const argv[]);
/*
 * Remember `argc` NUL-separated strings from `data` (vRun's decoded list);
 * an empty first string keeps the previous program. -ENOENT when there is
 * no program at all.
 */
int launch_set_args(struct launch *l, const char *data, size_t len, size_t argc);
bool launch_has_program(const struct launch *l);
const char *launch_program(const struct launch *l);
/* Run programs through `wrapper` (argv, NULL-terminated, kept by the caller),
 * as gdbserver's --wrapper: the wrapper's own exec is let through. */
void launch_set_wrapper(struct launch *l, char *const *wrapper);
/* `set environment NAME=VALUE': -EINVAL without a NAME. */
int launch_env_set(struct launch *l, const char *name_value);
/* `unset environment NAME'. */
void launch_env_unset(struct launch *l, const char *name);
/* Back to rstub's own environment (gdb sends it before its changes). */
void launch_env_reset(struct launch *l);
/* `set cwd DIR' (a leading ~ is $HOME); "" is rstub's own directory again. */
void launch_set_cwd(struct launch *l, const char *dir);
/* Spawn the remembered program; see target.h linux_target_spawn(). */
int launch_start(struct launch *l, struct target **out, struct target_stop *first);

#endif
