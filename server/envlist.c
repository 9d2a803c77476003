/* envlist — see envlist.h for the contract. */
#include "envlist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p)
		abort(); /* as strbuf: no recovery for a stub out of memory */
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

void envlist_init(struct envlist *e, char *const *env)
{
	size_t n = 0;

	while (env && env[n])
		n++;
	e->v = xrealloc(NULL, (n + 1) * sizeof(*e->v));
	for (e->n = 0; e->n < n; e->n++)
		e->v[e->n] = xstrdup(env[e->n]);
	e->v[n] = NULL;
}

void envlist_release(struct envlist *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i]);
	free(e->v);
	e->v = NULL;
	e->n = 0;
}

/* Index of the entry named by the first `len' bytes of `name', or e->n. */
static size_t find(const struct envlist *e, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (!strncmp(e->v[i], name, len) && e->v[i][len] == '=')
			break;
	return i;
}

int envlist_set(struct envlist *e, const char *name_value)
{
	const char *eq = strchr(name_value, '=');
	size_t i;

	if (!eq || eq == name_value)
		return -EINVAL;
	i = find(e, name_value, (size_t)(eq - name_value));
	if (i < e->n) {
		free(e->v[i]);
	} else {
		e->v = xrealloc(e->v, (e->n + 2) * sizeof(*e->v));
		e->v[++e->n] = NULL;
	}
	e->v[i] = xstrdup(name_value);
	return 0;
}

void envlist_unset(struct envlist *e, const char *name)
{
	size_t i = find(e, name, strlen(name));

	if (i == e->n)
		return;
	free(e->v[i]);
	memmove(&e->v[i], &e->v[i + 1], (e->n - i) * sizeof(*e->v)); /* with the NULL */
	e->n--;
}
