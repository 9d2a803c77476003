/* agent_expr — agent-expression interpreter; see agent_expr.h for the contract. */
#include "agent_expr.h"

#include <errno.h>
#include <string.h>

#include "agent_printf.h"

enum ax_op { /* gdb's ax.def numbering */
	     OP_FLOAT = 0x01,
	     OP_ADD = 0x02,
	     OP_SUB = 0x03,
	     OP_MUL = 0x04,
	     OP_DIV_SIGNED = 0x05,
	     OP_DIV_UNSIGNED = 0x06,
	     OP_REM_SIGNED = 0x07,
	     OP_REM_UNSIGNED = 0x08,
	     OP_LSH = 0x09,
	     OP_RSH_SIGNED = 0x0a,
	     OP_RSH_UNSIGNED = 0x0b,
	     OP_TRACE = 0x0c,
	     OP_TRACE_QUICK = 0x0d,
	     OP_LOG_NOT = 0x0e,
	     OP_BIT_AND = 0x0f,
	     OP_BIT_OR = 0x10,
	     OP_BIT_XOR = 0x11,
	     OP_BIT_NOT = 0x12,
	     OP_EQUAL = 0x13,
	     OP_LESS_SIGNED = 0x14,
	     OP_LESS_UNSIGNED = 0x15,
	     OP_EXT = 0x16,
	     OP_REF8 = 0x17,
	     OP_REF16 = 0x18,
	     OP_REF32 = 0x19,
	     OP_REF64 = 0x1a,
	     OP_REF_FLOAT = 0x1b,
	     OP_REF_DOUBLE = 0x1c,
	     OP_REF_LONG_DOUBLE = 0x1d,
	     OP_L_TO_D = 0x1e,
	     OP_D_TO_L = 0x1f,
	     OP_IF_GOTO = 0x20,
	     OP_GOTO = 0x21,
	     OP_CONST8 = 0x22,
	     OP_CONST16 = 0x23,
	     OP_CONST32 = 0x24,
	     OP_CONST64 = 0x25,
	     OP_REG = 0x26,
	     OP_END = 0x27,
	     OP_DUP = 0x28,
	     OP_POP = 0x29,
	     OP_ZERO_EXT = 0x2a,
	     OP_SWAP = 0x2b,
	     OP_GETV = 0x2c,
	     OP_SETV = 0x2d,
	     OP_TRACEV = 0x2e,
	     OP_TRACENZ = 0x2f,
	     OP_TRACE16 = 0x30,
	     OP_PICK = 0x32,
	     OP_ROT = 0x33,
	     OP_PRINTF = 0x34,
};

struct vm {
	const uint8_t *code;
	size_t len, pc;
	uint64_t stack[AX_STACK_MAX];
	size_t sp; /* entries in use */
	const struct ax_env *env;
	bool done;
};

static int push(struct vm *vm, uint64_t v)
{
	if (vm->sp == AX_STACK_MAX)
		return -ERANGE;
	vm->stack[vm->sp++] = v;
	return 0;
}

static int pop(struct vm *vm, uint64_t *v)
{
	if (vm->sp == 0)
		return -ERANGE;
	*v = vm->stack[--vm->sp];
	return 0;
}

/* n bytes of big-endian immediate operand at pc (advanced). */
static int immediate(struct vm *vm, size_t n, uint64_t *v)
{
	size_t i;

	if (vm->len - vm->pc < n)
		return -EINVAL;
	*v = 0;
	for (i = 0; i < n; i++)
		*v = *v << 8 | vm->code[vm->pc++];
	return 0;
}

static uint64_t bytes_value(const uint8_t *b, size_t n, bool big_endian)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v << 8 | b[big_endian ? i : n - 1 - i];
	return v;
}

/* Two operands a (below) and b (top) => one result. */
static int binary(enum ax_op op, uint64_t a, uint64_t b, uint64_t *r)
{
	int64_t sa = (int64_t)a, sb = (int64_t)b;

	switch (op) {
	case OP_ADD:
		*r = a + b;
		return 0;
	case OP_SUB:
		*r = a - b;
		return 0;
	case OP_MUL:
		*r = a * b;
		return 0;
	case OP_BIT_AND:
		*r = a & b;
		return 0;
	case OP_BIT_OR:
		*r = a | b;
		return 0;
	case OP_BIT_XOR:
		*r = a ^ b;
		return 0;
	case OP_EQUAL:
		*r = a == b;
		return 0;
	case OP_LESS_SIGNED:
		*r = sa < sb;
		return 0;
	case OP_LESS_UNSIGNED:
		*r = a < b;
		return 0;
	case OP_LSH:
		*r = b >= 64 ? 0 : a << b;
		return 0;
	case OP_RSH_UNSIGNED:
		*r = b >= 64 ? 0 : a >> b;
		return 0;
	case OP_RSH_SIGNED:
		*r = (uint64_t)(b >= 64 ? (sa < 0 ? -1 : 0) : sa >> b);
		return 0;
	default:
		break;
	}
	if (b == 0)
		return -EDOM;
	switch (op) {
	case OP_DIV_UNSIGNED:
		*r = a / b;
		return 0;
	case OP_REM_UNSIGNED:
		*r = a % b;
		return 0;
	case OP_DIV_SIGNED: /* INT64_MIN / -1 overflows in C: negate, wrapping */
		*r = sb == -1 ? (uint64_t)0 - a : (uint64_t)(sa / sb);
		return 0;
	case OP_REM_SIGNED:
		*r = sb == -1 ? 0 : (uint64_t)(sa % sb);
		return 0;
	default:
		return -EINVAL;
	}
}

static bool is_binary(unsigned op)
{
	return (op >= OP_ADD && op <= OP_RSH_UNSIGNED) ||
	       (op >= OP_BIT_AND && op <= OP_BIT_XOR) ||
	       (op >= OP_EQUAL && op <= OP_LESS_UNSIGNED);
}

static int do_binary(struct vm *vm, enum ax_op op)
{
	uint64_t a, b, r;
	int err;

	if ((err = pop(vm, &b)) || (err = pop(vm, &a)) || (err = binary(op, a, b, &r)))
		return err;
	return push(vm, r);
}

/* Sign- (ext) or zero-extend (zero_ext) the top from its low n bits. */
static int extend(struct vm *vm, bool sign)
{
	uint64_t n, v, mask;
	int err;

	if ((err = immediate(vm, 1, &n)) || (err = pop(vm, &v)))
		return err;
	if (n >= 64)
		return push(vm, v);
	if (n == 0)
		return sign ? -EINVAL : push(vm, 0);
	v &= ((uint64_t)1 << n) - 1;
	mask = (uint64_t)1 << (n - 1);
	return push(vm, sign ? (v ^ mask) - mask : v);
}

static int ref(struct vm *vm, size_t size)
{
	uint8_t buf[8];
	uint64_t addr;
	int err;

	if ((err = pop(vm, &addr)))
		return err;
	err = vm->env->mem_read(vm->env->ctx, addr, buf, size);
	if (err)
		return err < 0 ? err : -EFAULT;
	return push(vm, bytes_value(buf, size, vm->env->big_endian));
}

static int reg(struct vm *vm)
{
	uint8_t buf[64];
	uint64_t regno;
	int n;

	if ((n = immediate(vm, 2, &regno)))
		return n;
	n = vm->env->reg_read(vm->env->ctx, (int)regno, buf, sizeof(buf));
	if (n < 0)
		return n;
	if (n == 0 || n > 8)
		return -ENOTSUP; /* vector registers do not fit a stack entry */
	return push(vm, bytes_value(buf, (size_t)n, vm->env->big_endian));
}

/* goto / if_goto: the operand is an absolute offset into the code. */
static int jump(struct vm *vm, bool conditional)
{
	uint64_t target, cond = 1;
	int err;

	if ((err = immediate(vm, 2, &target)))
		return err;
	if (conditional && (err = pop(vm, &cond)))
		return err;
	if (!cond)
		return 0;
	if (target >= vm->len)
		return -EINVAL;
	vm->pc = (size_t)target;
	return 0;
}

static int constant(struct vm *vm, size_t n)
{
	uint64_t v;
	int err = immediate(vm, n, &v);

	return err ? err : push(vm, v);
}

/* Stack shuffles: dup, pop, swap, pick, rot. */
static int shuffle(struct vm *vm, enum ax_op op)
{
	uint64_t a, b, c, n;
	int err;

	switch (op) {
	case OP_DUP:
		if ((err = pop(vm, &a)) || (err = push(vm, a)))
			return err;
		return push(vm, a);
	case OP_POP:
		return pop(vm, &a);
	case OP_SWAP:
		if ((err = pop(vm, &b)) || (err = pop(vm, &a)) || (err = push(vm, b)))
			return err;
		return push(vm, a);
	case OP_PICK:
		if ((err = immediate(vm, 1, &n)))
			return err;
		if (n >= vm->sp)
			return -ERANGE;
		return push(vm, vm->stack[vm->sp - 1 - n]);
	default: /* OP_ROT: a b c => c a b */
		if ((err = pop(vm, &c)) || (err = pop(vm, &b)) || (err = pop(vm, &a)))
			return err;
		if ((err = push(vm, c)) || (err = push(vm, a)))
			return err;
		return push(vm, b);
	}
}

/* The trace-collection ops: their stack effect, nothing recorded. */
static int trace_op(struct vm *vm, enum ax_op op)
{
	uint64_t a, operand;
	int err;

	switch (op) {
	case OP_TRACE:   /* addr size => */
	case OP_TRACENZ: /* addr size => */
		if ((err = pop(vm, &a)))
			return err;
		return pop(vm, &a);
	case OP_TRACE_QUICK: /* size(1) addr => addr */
		if ((err = immediate(vm, 1, &operand)))
			return err;
		return vm->sp ? 0 : -ERANGE;
	case OP_TRACE16: /* size(2) addr => addr */
		if ((err = immediate(vm, 2, &operand)))
			return err;
		return vm->sp ? 0 : -ERANGE;
	default: /* OP_TRACEV n(2) => */
		return immediate(vm, 2, &operand);
	}
}

/* printf nargs(1) len(2) format[len] ; stack: args... channel function */
static int do_printf(struct vm *vm)
{
	uint64_t nargs, flen, fn, chan, args[AX_STACK_MAX];
	const char *format;
	size_t i;
	int err;

	if ((err = immediate(vm, 1, &nargs)) || (err = immediate(vm, 2, &flen)))
		return err;
	if (flen == 0 || vm->len - vm->pc < flen || vm->code[vm->pc + flen - 1] != '\0')
		return -EINVAL;
	format = (const char *)vm->code + vm->pc;
	vm->pc += flen;
	if ((err = pop(vm, &fn)) || (err = pop(vm, &chan)))
		return err;
	if (nargs > vm->sp)
		return -ERANGE;
	for (i = 0; i < nargs; i++)
		pop(vm, &args[i]); /* the first argument is on top */
	if (!vm->env->print)
		return -ENOTSUP;
	return ax_printf(vm->env, format, args, (size_t)nargs);
}

static int memory_op(struct vm *vm, enum ax_op op)
{
	static const size_t sizes[] = {1, 2, 4, 8};

	if (op >= OP_REF8 && op <= OP_REF64)
		return ref(vm, sizes[op - OP_REF8]);
	if (op >= OP_CONST8 && op <= OP_CONST64)
		return constant(vm, sizes[op - OP_CONST8]);
	return reg(vm);
}

static int step(struct vm *vm)
{
	enum ax_op op = vm->code[vm->pc++];
	uint64_t a;
	int err;

	if (is_binary(op))
		return do_binary(vm, op);
	switch (op) {
	case OP_LOG_NOT:
	case OP_BIT_NOT:
		if ((err = pop(vm, &a)))
			return err;
		return push(vm, op == OP_LOG_NOT ? !a : ~a);
	case OP_EXT:
	case OP_ZERO_EXT:
		return extend(vm, op == OP_EXT);
	case OP_REF8:
	case OP_REF16:
	case OP_REF32:
	case OP_REF64:
	case OP_CONST8:
	case OP_CONST16:
	case OP_CONST32:
	case OP_CONST64:
	case OP_REG:
		return memory_op(vm, op);
	case OP_IF_GOTO:
	case OP_GOTO:
		return jump(vm, op == OP_IF_GOTO);
	case OP_END:
		vm->done = true;
		return 0;
	case OP_DUP:
	case OP_POP:
	case OP_SWAP:
	case OP_PICK:
	case OP_ROT:
		return shuffle(vm, op);
	case OP_TRACE:
	case OP_TRACENZ:
	case OP_TRACE_QUICK:
	case OP_TRACE16:
	case OP_TRACEV:
		return trace_op(vm, op);
	case OP_PRINTF:
		return do_printf(vm);
	case OP_FLOAT:
	case OP_REF_FLOAT:
	case OP_REF_DOUBLE:
	case OP_REF_LONG_DOUBLE:
	case OP_L_TO_D:
	case OP_D_TO_L:
	case OP_GETV:
	case OP_SETV:
		return -ENOTSUP;
	default:
		return -EINVAL;
	}
}

int ax_eval(const uint8_t *code, size_t len, const struct ax_env *env, uint64_t *result)
{
	struct vm vm = {.code = code, .len = len, .env = env};
	unsigned long steps;
	int err;

	if (len > AX_CODE_MAX)
		return -EINVAL;
	for (steps = 0; !vm.done; steps++) {
		if (steps == AX_STEP_BUDGET)
			return -E2BIG;
		if (vm.pc >= vm.len)
			return -EINVAL; /* ran off the end without `end` */
		err = step(&vm);
		if (err)
			return err;
	}
	if (!result)
		return 0;
	if (!vm.sp)
		return -ERANGE;
	*result = vm.stack[vm.sp - 1];
	return 0;
}
