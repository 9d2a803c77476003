/*
 * rsp_monitor — `monitor` commands (qRcmd): help, exit, set debug,
 * set remote-debug, probe, stats.
 *
 * Contract: text for the user goes out as console output (`O` packets)
 * before the final `OK`, worded as gdbserver words it (tools and GDB's own
 * tests match it); an unknown or malformed command prints the help and
 * answers an error, which gdb shows as a protocol error, as with gdbserver.
 */
#include <errno.h>
#include <string.h>

#include "debug.h"
#include "rsp.h"

static const char help_text[] =
	"The following monitor commands are supported:\n"
	"  set debug <CHANNELS|on|off|1|0>\n"
	"    Trace subsystems to the debug file; CHANNELS is a comma list of\n"
	"    rsp, ptrace, target, arch, event, step, remote, all\n"
	"  set remote-debug <on|off|1|0>\n"
	"    Trace every packet sent and received\n"
	"  set debug-file FILE\n"
	"    Send traces to FILE\n"
	"  set debug-format <all|none|timestamp>\n"
	"    Accepted for gdbserver compatibility\n"
	"  probe\n"
	"    Show what this host's CPU, kernel and hypervisor deliver to a\n"
	"    debugger (single-step, debug registers), as rstub found at start-up\n"
	"  stats\n"
	"    Show how breakpoints whose condition was false were stepped over\n"
	"  help\n"
	"    Show this text\n"
	"  exit\n"
	"    Quit rstub (a spawned program is killed, an attached one detached)\n";

static bool word_on(const char *v, bool *on)
{
	if (!strcmp(v, "on") || !strcmp(v, "1")) {
		*on = true;
		return true;
	}
	if (!strcmp(v, "off") || !strcmp(v, "0")) {
		*on = false;
		return true;
	}
	return false;
}

/* Each handler returns 0, or -EINVAL to print the help and answer an error. */
static int set_debug(struct rsp_session *s, const char *v)
{
	const char *bad = NULL;
	unsigned mask = 0;
	bool on;

	if (word_on(v, &on)) {
		debug_mask = on ? (debug_mask | (DBG_ALL & ~DBG_REMOTE)) : (debug_mask & DBG_REMOTE);
		rsp_send_console(s, on ? "Debug output enabled.\n" : "Debug output disabled.\n");
		return 0;
	}
	if (debug_parse(v, &mask, &bad))
		return -EINVAL;
	debug_mask = (debug_mask & DBG_REMOTE) | mask;
	rsp_send_console(s, "Debug output enabled.\n");
	return 0;
}

static int set_remote_debug(struct rsp_session *s, const char *v)
{
	bool on;

	if (!word_on(v, &on))
		return -EINVAL;
	if (on)
		debug_mask |= DBG_REMOTE;
	else
		debug_mask &= ~DBG_REMOTE;
	rsp_send_console(s, on ? "Protocol debug output enabled.\n"
			       : "Protocol debug output disabled.\n");
	return 0;
}

/* Trace lines carry no timestamps yet: accept gdbserver's words, change nothing. */
static int set_debug_format(struct rsp_session *s, const char *v)
{
	if (!strcmp(v, "all"))
		rsp_send_console(s, "All extra debug format options enabled.\n");
	else if (!strcmp(v, "none"))
		rsp_send_console(s, "All extra debug format options disabled.\n");
	else if (strcmp(v, "timestamp"))
		return -EINVAL;
	return 0;
}

static int set_debug_file(struct rsp_session *s, const char *v)
{
	int err = debug_open_file(v);

	if (err) {
		rsp_send_console(s, "Cannot open the debug file.\n");
		return err;
	}
	return 0;
}

static int show_help(struct rsp_session *s, const char *v)
{
	(void)v;
	rsp_send_console(s, help_text);
	return 0;
}

static int show_probe(struct rsp_session *s, const char *v)
{
	const struct target_ops *ops = s->kind;
	struct strbuf sb = STRBUF_INIT;

	(void)v;
	if (!ops || !ops->describe_host)
		return -EINVAL;
	ops->describe_host(&sb);
	rsp_send_console(s, sb.buf);
	strbuf_release(&sb);
	return 0;
}

static int show_stats(struct rsp_session *s, const char *v)
{
	struct target *t = s->target;
	struct strbuf sb = STRBUF_INIT;

	(void)v;
	if (!t || !t->ops->bp_cond || !t->ops->bp_cond->describe_step_overs)
		return -EINVAL;
	t->ops->bp_cond->describe_step_overs(t, &sb);
	rsp_send_console(s, sb.buf);
	strbuf_release(&sb);
	return 0;
}

static int request_exit(struct rsp_session *s, const char *v)
{
	(void)v;
	s->end = RSP_END_MONITOR_EXIT;
	return 0;
}

static const struct {
	const char *name; /* the whole command, or a prefix ending in ' ' */
	int (*run)(struct rsp_session *s, const char *arg);
} commands[] = {
	{ "set debug ", set_debug },
	{ "set remote-debug ", set_remote_debug },
	{ "set debug-format ", set_debug_format },
	{ "set debug-file ", set_debug_file },
	{ "probe", show_probe },
	{ "stats", show_stats },
	{ "help", show_help },
	{ "exit", request_exit },
};

int rsp_handle_monitor(struct rsp_session *s, const struct rsp_request *r)
{
	const char *cmd = r->u.monitor.text;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const char *name = commands[i].name;
		size_t n = strlen(name);
		bool prefix = name[n - 1] == ' ';

		if (prefix ? strncmp(cmd, name, n) : strcmp(cmd, name))
			continue;
		if (commands[i].run(s, cmd + (prefix ? n : 0)))
			break;
		rsp_send_ok(s);
		return 0;
	}
	rsp_send_console(s, "Unknown monitor command.\n\n");
	rsp_send_console(s, help_text);
	return -EINVAL;
}
