/*
 * agent_printf — the formatting behind the agent-expression printf bytecode
 * (agent_expr.c). Not a public interface: see agent_expr.h for what is
 * supported.
 *
 * Contract: `format` is NUL-terminated and untrusted, written as in C source
 * (escapes such as \n still in it); args[0] is the first argument. The text,
 * cut at AX_PRINTF_MAX bytes, goes to env->print in one call. 0, -EINVAL
 * (malformed directive, more directives than arguments), -ENOTSUP, or the
 * memory error of a %s argument.
 */
#ifndef RSTUB_AGENT_PRINTF_H
#define RSTUB_AGENT_PRINTF_H

#include <stddef.h>
#include <stdint.h>

#include "agent_expr.h"

int ax_printf(const struct ax_env *env, const char *format, const uint64_t *args,
              size_t nargs);

#endif
