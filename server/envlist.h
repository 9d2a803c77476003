/*
 * envlist — an environment (`NAME=VALUE' strings) to start programs with,
 * edited by gdb's `set environment' / `unset environment' (QEnvironment*).
 *
 * Contract: `v' is always a NULL-terminated array fit for execve's envp
 * (never NULL once initialised); the strings are the list's own copies.
 * Setting a NAME that is there replaces it in place, so the order of the
 * others is kept. Allocation failure aborts, as strbuf does.
 */
#ifndef RSTUB_ENVLIST_H
#define RSTUB_ENVLIST_H

#include <stddef.h>

struct envlist {
	char **v;
	size_t n;
};

/* A copy of `env' (NULL-terminated, e.g. `environ'). */
void envlist_init(struct envlist *e, char *const *env);
void envlist_release(struct envlist *e);
/* Set "NAME=VALUE"; -EINVAL without '=' or with an empty NAME. */
int envlist_set(struct envlist *e, const char *name_value);
/* Remove NAME if present. */
void envlist_unset(struct envlist *e, const char *name);

#endif
