/*
 * agent_expr — gdb's agent-expression bytecode (gdb manual, appendix "Agent
 * Expressions"), as gdb sends it for target-side breakpoint conditions and
 * for `dprintf` with `set dprintf-style agent`.
 *
 * Contract: a pure interpreter. No ptrace, no I/O: registers (numbered as in
 * the target description), memory and printf output go through the
 * callbacks of struct ax_env. Every input is untrusted and bounded: the code
 * is at most AX_CODE_MAX bytes, the stack AX_STACK_MAX entries, a run at
 * most AX_STEP_BUDGET instructions (a loop terminates), every operand and
 * jump target is checked against the code length, every memory read goes
 * through env->mem_read. ax_eval() never crashes and never reads outside
 * `code`; any problem is an error return (the caller decides what an error
 * means; for breakpoint conditions it means "report the stop").
 *
 * Supported: every opcode of gdb's ax.def from 0x02 to 0x34 except those
 * listed here as errors. Floating point (the `float` prefix, ref_float,
 * ref_double, ref_long_double, l_to_d, d_to_l) is -ENOTSUP; so are getv and
 * setv (rstub keeps no trace state variables). The trace-collection ops
 * (trace, trace_quick, trace16, tracenz, tracev) do their stack effect and
 * record nothing: rstub has no tracepoints and no trace buffer. printf
 * supports the integer conversions (d i u o x X c, with hh h l ll z j t),
 * %p, %s (a NUL-terminated string read from target memory, at most
 * AX_STRING_MAX bytes) and %%; floating-point conversions, `*` widths and
 * %n are -ENOTSUP. Its function and channel operands are ignored: output
 * always goes to env->print, at most AX_PRINTF_MAX bytes per printf.
 */
#ifndef RSTUB_AGENT_EXPR_H
#define RSTUB_AGENT_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	AX_CODE_MAX = 4096,      /* bytes of bytecode in one expression */
	AX_STACK_MAX = 128,      /* stack entries */
	AX_STEP_BUDGET = 100000, /* instructions executed in one ax_eval() */
	AX_STRING_MAX = 1024,    /* bytes of a %s argument read from memory */
	AX_PRINTF_MAX = 4096,    /* bytes one printf produces */
};

struct ax_env {
	/* Raw bytes of register regno in target order into buf (at most
	 * bufsize); their count, or -errno. */
	int (*reg_read)(void *ctx, int regno, uint8_t *buf, size_t bufsize);
	/* Exactly len bytes at addr, 0, or -errno. */
	int (*mem_read)(void *ctx, uint64_t addr, void *buf, size_t len);
	/* Output of a printf bytecode; NULL makes printf an error (-ENOTSUP). */
	void (*print)(void *ctx, const char *text, size_t len);
	void *ctx;
	bool big_endian; /* byte order of target memory and registers */
};

/*
 * Run `code` until `end`; *result is the value then on top of the stack
 * (an empty stack is then -ERANGE). result may be NULL when the value does
 * not matter (command lists: printf leaves nothing). 0, or -EINVAL (bad opcode, truncated
 * operand, jump outside the code, code longer than AX_CODE_MAX, no `end`), -ERANGE (stack
 * underflow or overflow), -EDOM (division by zero), -E2BIG (step budget exhausted),
 * -ENOTSUP (see above) or the callbacks' errors.
 */
int ax_eval(const uint8_t *code, size_t len, const struct ax_env *env, uint64_t *result);

#endif
