/*
 * fuzz_rsp_session — every RSP handler, reached through a whole session
 * (rsp.h) bound to a fake target (fake_target.h): client bytes in, replies
 * to /dev/null, stops from a script. No handler may crash, hang or leak.
 *
 * Input: CLIENT [ "\0SCRIPT" NCUTS CUT... STOP... ]
 *   CLIENT  what a client sends: frames, acks, Ctrl-C, noise. A client's
 *           byte stream with no script is an input as it is
 *           (corpus/rsp_session/, from real gdb sessions: harvest).
 *   CUT     NCUTS bytes: the client bytes reach rsp_input() in chunks of
 *           CUT[i % NCUTS] + 1 bytes (none: all at once); after each chunk
 *           the fake target's clock ticks, and a stop it has ready is
 *           reported (rsp_target_event), as when its event fd wakes the server.
 *   STOP    the rest: the fake target's stops, 2 bytes a resume (fake_target.h).
 *
 * Sandbox: host I/O that would change the host's files (vFile:open for
 * writing, creating, truncating or appending, vFile:unlink, `monitor set
 * debug-file` but to /dev/null) never reaches the session: such a frame
 * arrives with its checksum broken and is NAKed like any bad frame. Traces
 * (`monitor set debug`) go to /dev/null, and are off again for the next
 * input. An input that leaves a descriptor open aborts (a leaked FILE is
 * one: LeakSanitizer cannot see it, glibc keeps every FILE in a list).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "debug.h"
#include "fake_target.h"
#include "fuzz.h"
#include "rsp.h"
#include "tdesc.h"
#include "tdesc_builtin.h"

#define SCRIPT_MAGIC "\0SCRIPT"
enum { SCRIPT_MAGIC_LEN = sizeof(SCRIPT_MAGIC) - 1 };

/* gdb's fileio open flags that write: WRONLY, RDWR, APPEND, CREAT, TRUNC */
enum { FIO_WRITES = 0x1 | 0x2 | 0x8 | 0x200 | 0x400 };

struct input {
	const uint8_t *client, *cuts, *stops;
	size_t client_len, ncuts, nstops;
};

/* What every input shares, set up once: the server's own description. */
struct world {
	struct target_config cfg;
	struct tdesc tdesc;
	int out_fd;
	int fds; /* descriptors open between inputs */
};

/* How many descriptors are open (below FD_SCAN: the session's own
 * RSP_VFILE_MAX_FDS and a few more), to see an input leave one open. */
enum { FD_SCAN = 96 };

static int open_fds(void)
{
	int n = 0;

	for (int fd = 0; fd < FD_SCAN; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

static const struct world *world(void)
{
	static struct world w;
	struct strbuf err = STRBUF_INIT;

	if (w.cfg.arch)
		return &w;
	w.cfg.arch = arch_native();
	if (tdesc_load_builtin(&w.tdesc, w.cfg.arch->tdesc_file, &err))
		abort();
	strbuf_release(&err);
	w.cfg.tdesc = &w.tdesc;
	w.out_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (w.out_fd < 0 || debug_open_file("/dev/null"))
		abort();
	w.fds = open_fds();
	return &w;
}

static void split(const uint8_t *data, size_t size, struct input *in)
{
	const uint8_t *m = memmem(data, size, SCRIPT_MAGIC, SCRIPT_MAGIC_LEN);
	const uint8_t *p, *end = data + size;
	size_t ncuts;

	*in = (struct input){.client = data, .client_len = m ? (size_t)(m - data) : size};
	if (!m || m + SCRIPT_MAGIC_LEN == end)
		return;
	p = m + SCRIPT_MAGIC_LEN;
	ncuts = *p++;
	in->ncuts = ncuts < (size_t)(end - p) ? ncuts : (size_t)(end - p);
	in->cuts = p;
	in->stops = p + in->ncuts;
	in->nstops = (size_t)(end - in->stops);
}

static bool writes_host(const struct strbuf *payload)
{
	static struct rsp_request req; /* large: not on the stack */

	if (rsp_parse(payload->buf, payload->len, &req))
		return false;
	if (req.kind == REQ_MONITOR)
		return !strncmp(req.u.monitor.text, "set debug-file", 14) &&
		       strcmp(req.u.monitor.text, "set debug-file /dev/null");
	if (req.kind != REQ_VFILE)
		return false;
	return req.u.vfile.op == VFILE_UNLINK ||
	       (req.u.vfile.op == VFILE_OPEN && (req.u.vfile.flags & FIO_WRITES));
}

/* Break the checksum of each frame that would change the host's files: a
 * decoder fed the same bytes as the session's sees the same frames. */
static void guard(uint8_t *bytes, size_t len)
{
	struct rsp_decoder d;

	rsp_decoder_init(&d, RSP_PACKET_SIZE);
	for (size_t i = 0; i < len; i++)
		if (rsp_decoder_feed(&d, bytes[i]) == RSP_IN_PACKET &&
		    writes_host(&d.payload))
			bytes[i] = 'g'; /* not a hex digit: RSP_IN_BAD_CHECKSUM */
	rsp_decoder_release(&d);
}

static void feed(struct rsp_session *s, const uint8_t *bytes, const struct input *in)
{
	size_t off = 0, len = in->client_len;

	for (size_t i = 0; off < len && s->end == RSP_CONTINUE; i++) {
		size_t n = in->ncuts ? in->cuts[i % in->ncuts] + 1u : len;

		if (n > len - off)
			n = len - off;
		rsp_input(s, bytes + off, n);
		off += n;
		if (s->target)
			fake_target_tick(s->target);
		if (s->target && fake_target_stop_ready(s->target))
			rsp_target_event(s);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct world *w = world();
	struct target_stop first;
	struct rsp_session s;
	struct target *t;
	struct input in;
	uint8_t *bytes;

	split(data, size, &in);
	bytes = malloc(in.client_len + 1);
	t = fake_target_new(&w->cfg, in.stops, in.nstops, &first);
	if (!bytes || !t)
		abort();
	memcpy(bytes, in.client, in.client_len);
	guard(bytes, in.client_len);
	debug_mask = 0;
	rsp_session_init(&s, -1, w->out_fd, t->ops, &w->cfg, t, &first);
	feed(&s, bytes, &in);
	if (s.target)
		s.target->ops->destroy(s.target);
	rsp_session_release(&s);
	debug_mask = 0;
	free(bytes);
	if (open_fds() > w->fds)
		abort();
	return 0;
}
