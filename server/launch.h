/*
 * launch — what to run and how: the program, its arguments and the spawn
 * options, kept for the whole server run so extended-remote `vRun` and `R`
 * can start it again (with new arguments or none).
 *
 * Contract: launch_start() resolves the program as gdbserver does (a bare
 * name that is a regular file in the current directory runs from there by
 * absolute path, otherwise PATH is searched) and spawns it through the target
 * API, stopped at its first instruction. The strings are copies: callers may
 * free what they passed.
 */
#ifndef RSTUB_LAUNCH_H
#define RSTUB_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "target.h"

struct launch {
	struct target_config cfg;
	struct strbuf args; /* argv[0..argc) NUL-separated; argv[0] is the program */
	size_t argc;
	char *const *wrapper; /* --wrapper's command (NULL-terminated), or NULL */
};

void launch_init(struct launch *l, const struct target_config *cfg);
void launch_release(struct launch *l);
/* Remember argv (NULL-terminated). */
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
/* Spawn the remembered program; see target.h linux_target_spawn(). */
int launch_start(struct launch *l, struct target **out, struct target_stop *first);

#endif
