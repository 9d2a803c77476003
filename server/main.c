/*
 * main — command line (gdbserver-compatible), start-up and the event loop.
 *
 * rstub [OPTIONS] COMM PROG [ARGS...]
 * rstub [OPTIONS] --attach COMM PID
 *
 * The loop polls the client and, while the program runs, the target's event
 * fd; nothing else wakes it. It busy-waits --spin microseconds before each
 * sleep (spin_wait.h). When the client leaves with --once (or over
 * stdio, or a serial line hangs up), a spawned program is killed and an
 * attached one detached; without --once a TCP server keeps the program
 * stopped and listens for the next client, as gdbserver does, and a serial
 * line is served on after gdb's kill or detach (the next gdb just starts
 * talking, and finds no process, or with --multi runs one). Nothing is ever
 * left stopped with no server to resume it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/arch.h"
#include "debug.h"
#include "launch.h"
#include "rsp.h"
#include "spin_wait.h"
#include "stdio_gdb.h"
#include "target.h"
#include "tdesc.h"
#include "tdesc_builtin.h"
#include "transport.h"

struct options {
	bool attach;
	bool once;
	bool multi;
	int step; /* --step: 'h', 's', or 0 for the arch's default */
	unsigned disabled; /* --disable-packet */
	pid_t pid;	   /* --attach */
	char **wrapper;	   /* --wrapper WRAPPER... -- (NULL-terminated in argv) */
	int baud;
	int spin_us; /* --spin, or -1 for spin_wait_default() */
	bool probe;  /* --probe: print what the host delivers, and exit */
	bool randomize; /* --no-disable-randomization */
	bool no_shell;	/* --no-startup-with-shell */
	bool no_escape; /* --no-escape-args */
	const char *assume_broken; /* --assume-broken */
	const char *comm;
	char **argv; /* PROG ARGS or PID */
};

static const char usage_text[] =
	"Usage: rstub [OPTIONS] COMM PROG [ARGS ...]\n"
	"       rstub [OPTIONS] --attach COMM PID   (or COMM --attach PID)\n"
	"       rstub [OPTIONS] --multi COMM [PROG [ARGS ...]]\n"
	"       rstub [--assume-broken=LIST] --probe\n"
	"\n"
	"Serve PROG (started stopped at its first instruction) or the running\n"
	"process PID to gdb over the GDB remote protocol.\n"
	"\n"
	"COMM is one of:\n"
	"  :PORT            listen on the loopback interface only (127.0.0.1\n"
	"                   and ::1; localhost:PORT is the same)\n"
	"  HOST:PORT        listen on the addresses HOST resolves to\n"
	"  0.0.0.0:PORT     listen on every IPv4 interface; [::]:PORT for IPv6\n"
	"                   (unlike gdbserver, which ignores HOST and always\n"
	"                   listens on every interface, rstub never exposes the\n"
	"                   process to the network unless you name the interface)\n"
	"  - or stdio       talk to gdb on stdin/stdout:\n"
	"                   (gdb) target remote | rstub - PROG\n"
	"  DEVICE           a serial line such as /dev/ttyS0 (raw mode, see --baud);\n"
	"                   served on after gdb's kill or detach, for the next gdb\n"
	"PORT 0 picks a free port; the chosen one is printed as `Listening on port N'.\n"
	"\n"
	"Options:\n"
	"  --attach          attach to process PID instead of starting PROG\n"
	"  --multi           extended-remote: gdb starts and attaches programs itself\n"
	"                    (`target extended-remote', `run', `attach PID'); rstub\n"
	"                    stays up when they exit\n"
	"  --wrapper WRAPPER... --\n"
	"                    start programs as `WRAPPER... PROG ARGS' (e.g. env\n"
	"                    settings); debugging begins at PROG's first instruction\n"
	"  --startup-with-shell, --no-startup-with-shell\n"
	"                    start programs through $SHELL (/bin/sh without it) as\n"
	"                    `exec PROG ARGS' (the default, as gdbserver), or exec\n"
	"                    them directly; the shell expands `run''s arguments\n"
	"                    ($HOME, *) as gdb's own `run' does\n"
	"  --no-escape-args  let the shell expand the ARGS given here too\n"
	"  --disable-randomization, --no-disable-randomization\n"
	"                    start programs without address-space randomization\n"
	"                    (the default, as gdb's), or with it\n"
	"  --once            serve one connection: when gdb goes away, kill a started\n"
	"                    program (detach an attached one) and exit. Without it,\n"
	"                    a TCP client that goes away leaves the program stopped\n"
	"                    and rstub waits for the next one (gdb's `disconnect')\n"
	"  --baud=N          serial line speed (default: leave it as it is)\n"
	"  --step=hw|sw      how to single-step a thread: hw, by the kernel\n"
	"                    (PTRACE_SINGLESTEP; the default where it exists), or\n"
	"                    sw, with temporary breakpoints at every place the\n"
	"                    instruction may lead (the only way on 32-bit ARM)\n"
	"  --spin=USEC       after each event, keep polling for gdb's next packet or\n"
	"                    the program's next stop for up to USEC microseconds\n"
	"                    before sleeping (default 100, 0 on a single CPU; 0\n"
	"                    turns it off): on virtual machines, waking a sleeping\n"
	"                    stub on an idle CPU costs more than a single-step\n"
	"  --debug[=LIST]    trace subsystems: rsp,ptrace,target,arch,event,step,\n"
	"                    remote,all, or gdbserver's threads (target,ptrace),\n"
	"                    event-loop (event); -NAME turns one off\n"
	"                    (no LIST: all but the packet trace)\n"
	"  --debug-file=FILE write traces to FILE instead of stderr\n"
	"  --debug-format=timestamp|all|none\n"
	"                    start each trace line with the time (or not)\n"
	"  --remote-debug    trace every packet (`<- $m1000,4' / `-> $0102...')\n"
	"  --event-loop-debug  trace the event loop (--debug=event)\n"
	"  --disable-packet[=LIST]\n"
	"                    pretend not to know packets, to test gdb's fallbacks:\n"
	"                    vCont, vConts (s, S), T, Tthread, qC, qfThreadInfo,\n"
	"                    threads; no LIST: show them\n"
	"  --selftest        say that rstub has no built-in self-tests, and exit\n"
	"  --probe           print what this host's CPU, kernel and hypervisor\n"
	"                    deliver to a debugger (single-step, the debug\n"
	"                    registers), as rstub found it at start-up, and exit\n"
	"  --assume-broken=LIST\n"
	"                    act as if these start-up probes had failed, to try\n"
	"                    rstub's fallbacks on any host: dregs (dr-exec,\n"
	"                    dr-write: hbreak planted in memory, watch emulated by\n"
	"                    stepping), insns or an instruction's name such as\n"
	"                    cpuid (stepped with a breakpoint after it)\n"
	"  --help            show this text\n"
	"  --version         show the version\n"
	"\n"
	"Monitor commands (gdb's `monitor CMD'): help, exit, set debug LIST|on|off,\n"
	"set remote-debug on|off, probe.\n";

enum { OPT_MULTI = 255, OPT_ONCE = 256, OPT_BAUD, OPT_STEP, OPT_DEBUG, OPT_DEBUG_FILE, OPT_REMOTE_DEBUG, OPT_ATTACH,
       OPT_SHELL, OPT_DISABLE_PACKET, OPT_WRAPPER, OPT_SPIN, OPT_PROBE, OPT_ASSUME_BROKEN,
       OPT_HELP, OPT_VERSION, OPT_NO_SHELL, OPT_RANDOMIZE, OPT_NO_RANDOMIZE, OPT_NO_ESCAPE,
       OPT_DEBUG_FORMAT, OPT_EVENT_LOOP_DEBUG, OPT_SELFTEST };

static const struct option long_options[] = {
	{ "attach", no_argument, NULL, OPT_ATTACH },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "multi", no_argument, NULL, OPT_MULTI },
	{ "baud", required_argument, NULL, OPT_BAUD },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "debug", optional_argument, NULL, OPT_DEBUG },
	{ "debug-file", required_argument, NULL, OPT_DEBUG_FILE },
	{ "remote-debug", no_argument, NULL, OPT_REMOTE_DEBUG },
	{ "event-loop-debug", no_argument, NULL, OPT_EVENT_LOOP_DEBUG },
	{ "debug-format", required_argument, NULL, OPT_DEBUG_FORMAT },
	{ "no-startup-with-shell", no_argument, NULL, OPT_NO_SHELL },
	{ "startup-with-shell", no_argument, NULL, OPT_SHELL },
	{ "no-escape-args", no_argument, NULL, OPT_NO_ESCAPE },
	{ "disable-randomization", no_argument, NULL, OPT_NO_RANDOMIZE },
	{ "no-disable-randomization", no_argument, NULL, OPT_RANDOMIZE },
	{ "disable-packet", optional_argument, NULL, OPT_DISABLE_PACKET },
	{ "selftest", optional_argument, NULL, OPT_SELFTEST },
	{ "wrapper", no_argument, NULL, OPT_WRAPPER },
	{ "spin", required_argument, NULL, OPT_SPIN },
	{ "probe", no_argument, NULL, OPT_PROBE },
	{ "assume-broken", required_argument, NULL, OPT_ASSUME_BROKEN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("rstub: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void set_debug(const char *spec)
{
	const char *bad = NULL;

	if (debug_parse(spec ? spec : "", &debug_mask, &bad))
		die("--debug: unknown channel '%s' (try --help)", bad);
}

static void set_debug_format(const char *spec)
{
	const char *bad = NULL;

	if (debug_parse_format(spec, &bad))
		die("--debug-format: unknown option '%s' (timestamp, all or none)", bad);
}

static bool is_debug_list(const char *word)
{
	const char *bad;
	unsigned mask = 0;

	return *word && !debug_parse(word, &mask, &bad);
}

static bool is_disable_list(const char *word)
{
	const char *bad;
	unsigned mask = 0;

	return *word && !rsp_parse_disable(word, &mask, &bad);
}

/* An optional value given as the next word (`--debug remote', as gdbserver
 * 14 reads it): taken only when it reads as one, so that `--debug :2345
 * prog' and `--debug /dev/ttyS0 prog' still mean no value. */
static const char *optional_value(int argc, char **argv, bool (*is_value)(const char *))
{
	if (optarg || optind >= argc || !is_value(argv[optind]))
		return optarg;
	return argv[optind++];
}

static void disable_packets(const char *list, unsigned *disabled)
{
	const char *bad = NULL;

	if (!list) { /* as gdbserver: the list, and exit */
		puts("Disableable packets: vCont, vConts (s and S in vCont), T, Tthread, qC,\n"
		     "qfThreadInfo, threads (vCont, Tthread, qC and qfThreadInfo)");
		exit(0);
	}
	if (rsp_parse_disable(list, disabled, &bad))
		die("--disable-packet: don't know how to disable '%s'", bad);
}

static int parse_number(const char *s, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v <= 0 || v > 0x7fffffff)
		die("%s: '%s' is not a positive number", what, s);
	return (int)v;
}

static int parse_count(const char *s, const char *what)
{
	return strcmp(s, "0") ? parse_number(s, what) : 0;
}

/* --wrapper WRAPPER... --: the words up to `--' (which becomes the NULL that
 * ends the wrapper's argv); getopt continues after it. */
static void take_wrapper(int argc, char **argv, struct options *o)
{
	int i = optind;

	while (i < argc && strcmp(argv[i], "--"))
		i++;
	if (i == argc || i == optind)
		die("--wrapper needs a command ended by --");
	o->wrapper = argv + optind;
	argv[i] = NULL;
	optind = i + 1;
}

static void parse_options(int argc, char **argv, struct options *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->spin_us = -1;
	opterr = 0; /* one line of our own, below */
	while ((c = getopt_long(argc, argv, "+", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_ATTACH: o->attach = true; break;
		case OPT_ONCE: o->once = true; break;
		case OPT_MULTI: o->multi = true; break;
		case OPT_SHELL: o->no_shell = false; break;
		case OPT_NO_SHELL: o->no_shell = true; break;
		case OPT_NO_ESCAPE: o->no_escape = true; break;
		case OPT_RANDOMIZE: o->randomize = true; break;
		case OPT_NO_RANDOMIZE: o->randomize = false; break;
		case OPT_BAUD: o->baud = parse_number(optarg, "--baud"); break;
		case OPT_STEP:
			if (strcmp(optarg, "hw") && strcmp(optarg, "sw"))
				die("--step: '%s' is neither hw nor sw", optarg);
			o->step = optarg[0];
			break;
		case OPT_DEBUG: set_debug(optional_value(argc, argv, is_debug_list)); break;
		case OPT_DEBUG_FORMAT: set_debug_format(optarg); break;
		case OPT_REMOTE_DEBUG: debug_mask |= DBG_REMOTE; break;
		case OPT_EVENT_LOOP_DEBUG: debug_mask |= DBG_EVENT; break;
		case OPT_SELFTEST: /* as a gdbserver built without them */
			puts("rstub: --selftest: rstub has no built-in self-tests "
			     "(its tests are the ctest suite of its build)");
			exit(0);
		case OPT_DEBUG_FILE:
			if (debug_open_file(optarg))
				die("--debug-file=%s: %s", optarg, strerror(errno));
			break;
		case OPT_SPIN: o->spin_us = parse_count(optarg, "--spin"); break;
		case OPT_PROBE: o->probe = true; break;
		case OPT_ASSUME_BROKEN: o->assume_broken = optarg; break;
		case OPT_WRAPPER:
			take_wrapper(argc, argv, o);
			break;
		case OPT_DISABLE_PACKET:
			disable_packets(optional_value(argc, argv, is_disable_list), &o->disabled);
			break;
		case OPT_HELP: fputs(usage_text, stdout); exit(0);
		case OPT_VERSION: printf("rstub %s\n", RSTUB_VERSION); exit(0);
		default: die("unknown option or missing value: '%s' (try --help)",
			     argv[optind - 1]);
		}
	}
	if (o->probe)
		return;
	if (argc - optind < (o->multi ? 1 : 2)) {
		fputs(usage_text, stderr);
		exit(1);
	}
	o->comm = argv[optind];
	o->argv = argv + optind + 1;
	if (o->argv[0] && !strcmp(o->argv[0], "--attach")) { /* gdbserver's COMM --attach PID */
		o->attach = true;
		o->argv++;
	}
	if (o->attach && o->argv[1])
		die("--attach takes one PID, not '%s'", o->argv[1]);
	if (o->attach && !o->argv[0])
		die("--attach needs a PID");
	if (o->attach)
		o->pid = parse_number(o->argv[0], "--attach");
}

/* --step against what the arch can do. */
static void set_step(struct target_config *cfg, int step)
{
	const struct arch *a = cfg->arch;

	if (step == 'h' && !a->hw_step)
		die("--step=hw: %s has no hardware single-step", a->name);
	if (step == 's' && !a->next_pcs)
		die("--step=sw: no next-PC decoder for %s", a->name);
	cfg->sw_step = step == 's' || !a->hw_step;
}

/* The start-up probes, with what --assume-broken says; --probe prints them
 * and exits, --debug=arch traces them. */
static void probe_host(const struct options *o)
{
	const struct target_ops *ops = linux_target_ops();
	struct strbuf sb = STRBUF_INIT;
	const char *bad = NULL;
	char *line, *save = NULL;

	if (o->assume_broken && ops->assume_broken(o->assume_broken, &bad))
		die("--assume-broken: no probe is called '%s' (try --help)", bad);
	ops->describe_host(&sb);
	if (o->probe) {
		fputs(sb.buf, stdout);
		exit(0);
	}
	for (line = strtok_r(sb.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		debug(DBG_ARCH, "probe: %s", line);
	strbuf_release(&sb);
}

/* Start what the command line names; no target for a bare --multi. */
/* The program could not start: say so as gdbserver does (tools match
 * it), after what the program or its shell wrote (over stdio, in
 * output_rd), and exit. */
static void startup_failed(const struct launch *l, int err, int output_rd)
{
	const char *prog = launch_program(l);
	bool gone = err == -ENOENT || err == -EACCES;

	if (output_rd >= 0)
		stdio_gdb_show_output(output_rd);
	/* a shell that could not find or run a bare name has said so */
	if (!(gone && l->startup_with_shell && !strchr(prog, '/')))
		fprintf(stderr, "rstub: cannot run '%s': %s\n", prog, strerror(-err));
	if (gone) /* the shell's exit code, as gdbserver reports it */
		fprintf(stderr, "During startup program exited with code %d.\n",
			err == -ENOENT ? 127 : 126);
	fprintf(stderr, "Exiting\n");
	exit(1);
}

static struct target *start_target(const struct options *o, struct launch *l,
				   struct target_stop *first, int output_rd)
{
	struct target *t;
	int err;

	memset(first, 0, sizeof(*first));
	first->kind = TARGET_STOP_EXITED;
	if (o->attach) {
		err = linux_target_attach(&l->cfg, o->pid, &t, first);
		if (err)
			die("cannot attach to process %d: %s", o->pid, strerror(-err));
		fprintf(stderr, "Attached; pid = %d\n", o->pid);
		return t;
	}
	launch_set_argv(l, o->argv);
	if (!launch_has_program(l))
		return NULL;
	err = launch_start(l, &t, first);
	if (err)
		startup_failed(l, err, output_rd);
	fprintf(stderr, "Process %s created; pid = %d\n", launch_program(l), t->ops->pid(t));
	return t;
}

/* Serve one client until the session ends. */
static void serve(struct rsp_session *s, unsigned spin_us)
{
	char buf[65536];

	while (s->end == RSP_CONTINUE) {
		struct pollfd pfd[3] = { { s->in_fd, POLLIN, 0 }, { -1, POLLIN, 0 },
					 { -1, POLLIN, 0 } };

		if (s->running && s->target) {
			pfd[1].fd = s->target->ops->event_fd(s->target);
			pfd[2].fd = s->output_fd; /* stopped, it waits in the pipe */
		}
		if (spin_poll(pfd, 3, spin_us) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		debug(DBG_EVENT, "wake: client %#x target %#x", pfd[0].revents, pfd[1].revents);
		if (pfd[2].revents)
			rsp_program_output(s);
		if (pfd[1].revents)
			rsp_target_event(s);
		if (pfd[0].revents) {
			ssize_t n = read(s->in_fd, buf, sizeof(buf));

			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0)
				s->end = RSP_END_HANGUP;
			else
				rsp_input(s, buf, (size_t)n);
		}
	}
}

/* A client left while the program ran: stop it so the next one finds it
 * stopped, with no SIGINT queued for the program to get later. */
static void stop_for_next_client(struct target *t, struct target_stop *last)
{
	struct target_stop st;

	if (t->ops->halt(t, &st) == 1)
		*last = st;
}

static void finish(struct target *t)
{
	if (!t)
		return;
	if (t->ops->attached(t))
		fprintf(stderr, "Detaching from process %d\n", t->ops->pid(t));
	else
		fprintf(stderr, "Killing process %d\n", t->ops->pid(t));
	t->ops->destroy(t);
}

/*
 * Whether to serve another client after a session ended with `end`. TCP: when
 * the client left something to come back to. A serial line has no hang-up:
 * the gdb that killed or detached (or, extended, any gdb) just stops talking
 * and the next one starts sending on the same line, so the line is served
 * again, from a fresh session, unless it really hung up.
 */
static bool serve_again(const struct options *o, const struct transport *tr,
			const struct target *t, enum rsp_end end)
{
	if (o->once || end == RSP_END_MONITOR_EXIT)
		return false;
	if (tr->kind == TRANSPORT_SERIAL)
		return end != RSP_END_HANGUP;
	return tr->kind == TRANSPORT_TCP && end == RSP_END_HANGUP && (t || o->multi);
}

/* Serve clients one after the other; returns the target if still there. */
static struct target *serve_clients(const struct options *o, struct transport *tr,
				    struct launch *l, struct target *t, struct target_stop last,
				    int output_fd)
{
	struct rsp_session session;
	struct strbuf err = STRBUF_INIT;
	bool again;

	do {
		if (transport_accept(tr, o->once, &err)) {
			fprintf(stderr, "%s\n", err.buf);
			break;
		}
		rsp_session_init(&session, tr->in_fd, tr->out_fd, linux_target_ops(), &l->cfg, t,
				 &last);
		session.disabled = o->disabled;
		session.rle = tr->kind != TRANSPORT_TCP; /* each byte costs: rsp_codec.h */
		session.serial_line = tr->kind == TRANSPORT_SERIAL;
		session.launch = l;
		session.output_fd = output_fd;
		serve(&session, l->cfg.spin_us);
		t = session.target;
		last = session.last_stop;
		again = serve_again(o, tr, t, session.end);
		if (again && t && session.running)
			stop_for_next_client(t, &last);
		rsp_session_release(&session);
		transport_hangup(tr);
		if (again && tr->kind == TRANSPORT_TCP)
			fprintf(stderr, "Remote side has terminated connection.  "
					"rstub will reopen the connection.\n");
		if (again)
			transport_announce(tr);
	} while (again);
	strbuf_release(&err);
	return t;
}

int main(int argc, char **argv)
{
	struct strbuf err = STRBUF_INIT;
	struct target_config cfg = { 0 };
	struct launch launch;
	struct target_stop first;
	struct transport tr;
	struct tdesc td;
	struct options o;
	struct target *t;
	int status = 0, output_fd = -1;

	parse_options(argc, argv, &o);
	signal(SIGPIPE, SIG_IGN);
	probe_host(&o); /* --probe: prints and exits */
	cfg.stdio_transport = transport_is_stdio(o.comm);
	if (cfg.stdio_transport) {
		stdio_gdb_leave_shell(); /* failing that, serve as we are */
		fprintf(stderr, "stdin/stdout redirected\n"); /* as gdbserver */
	}
	cfg.arch = arch_native();
	set_step(&cfg, o.step);
	if (tdesc_load_builtin(&td, cfg.arch->tdesc_file, &err))
		die("target description: %s", err.buf);
	cfg.tdesc = &td;
	if (cfg.stdio_transport) {
		int err = stdio_gdb_output_pipe(&output_fd, &cfg.output_fd);

		if (err)
			die("a pipe for the program's output: %s", strerror(-err));
	}
	cfg.spin_us = o.spin_us < 0 ? spin_wait_default() : (unsigned)o.spin_us;
	debug(DBG_EVENT, "busy-wait window before each sleep: %u us", cfg.spin_us);
	cfg.disable_randomization = !o.randomize; /* gdb's default: on */
	debug(DBG_ARCH, "arch %s, %zu registers, g packet %zu bytes", cfg.arch->name, td.nregs,
	      td.g_size);
	if (!linux_target_ops()->can_step())
		debug(DBG_ARCH, "threads cannot be single-stepped: vCont? offers no s/S");

	/* a bad address or a busy port must not leave a process behind */
	if (transport_open(&tr, o.comm, o.baud, &err)) {
		fprintf(stderr, "%s\n", err.buf);
		status = 1;
		goto out_release_tdesc;
	}
	launch_init(&launch, &cfg);
	launch_set_wrapper(&launch, o.wrapper);
	launch.startup_with_shell = !o.no_shell;
	launch.escape_args = !o.no_escape;
	t = start_target(&o, &launch, &first, output_fd);
	transport_announce(&tr);
	if (cfg.stdio_transport) { /* gdb stops reading our stderr: stdio_gdb.h */
		stdio_gdb_started();
		stdio_gdb_quiet();
	}
	finish(serve_clients(&o, &tr, &launch, t, first, output_fd));
	transport_close(&tr);
	launch_release(&launch);
out_release_tdesc:
	tdesc_release(&td);
	strbuf_release(&err);
	return status;
}
