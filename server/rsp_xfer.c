/*
 * rsp_xfer — qXfer:OBJECT:read:ANNEX:OFFSET,LENGTH for features (target
 * descriptions), auxv, exec-file, libraries-svr4, siginfo, threads and
 * osdata (rsp_osdata.c).
 *
 * qXfer:siginfo:write lets gdb change the signal a thread will get.
 *
 * Contract: each object is produced whole (from the tdesc or the target) and
 * sliced here: `m` + data when more follows, `l` + data for the last part.
 * A read at offset 0 builds the object afresh; reads further on slice the
 * copy built then (gdb reads an object from 0 on, in order), so that, e.g.,
 * the thread list of hundreds of threads is not rebuilt for every slice.
 * Unknown objects get the empty reply; unknown annexes an error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rsp.h"
#include "rsp_lldb.h"
#include "tdesc.h"

enum { XFER_THREADS_MAX = 4096 };

/* lldb gets the same registers from qRegisterInfo instead (rsp_lldb.c). */
static int features(struct rsp_session *s, const char *annex, struct strbuf *out)
{
	const struct tdesc_file *f = tdesc_find_file(s->tdesc, annex);

	if (s->lldb)
		return -ENOSYS;
	if (!f)
		return -ENOENT;
	strbuf_add(out, f->text, f->len);
	return 0;
}

static void add_thread(struct rsp_session *s, struct strbuf *out, pid_t tid)
{
	struct target *t = s->target;
	struct strbuf name = STRBUF_INIT;
	int core = t->ops->thread_core(t, tid);

	strbuf_adds(out, "<thread id=\"");
	rsp_add_thread_id(s, out, tid);
	strbuf_addc(out, '"');
	if (core >= 0)
		strbuf_addf(out, " core=\"%d\"", core);
	if (!t->ops->thread_name(t, tid, &name)) {
		strbuf_adds(out, " name=\"");
		strbuf_addxml(out, name.buf);
		strbuf_addc(out, '"');
	}
	strbuf_adds(out, "/>\n");
	strbuf_release(&name);
}

static int threads(struct rsp_session *s, struct strbuf *out)
{
	pid_t *tids;
	size_t n;

	if (!s->target)
		return -ESRCH;
	tids = calloc(XFER_THREADS_MAX, sizeof(*tids));
	if (!tids)
		return -ENOMEM;
	n = s->target->ops->threads(s->target, tids, XFER_THREADS_MAX);
	if (n > XFER_THREADS_MAX)
		n = XFER_THREADS_MAX;
	strbuf_adds(out, "<?xml version=\"1.0\"?>\n<threads>\n");
	for (size_t i = 0; i < n; i++)
		add_thread(s, out, tids[i]);
	strbuf_adds(out, "</threads>\n");
	free(tids);
	return 0;
}

static int exec_file(struct rsp_session *s, const char *annex, struct strbuf *out)
{
	const struct target_xfer_ops *x = s->target->ops->xfer;
	pid_t pid = s->target->ops->pid(s->target);

	if (*annex) {
		char *end;
		unsigned long v = strtoul(annex, &end, 16);

		if (*end || v != (unsigned long)pid)
			return -ESRCH;
	}
	return x->exec_file(s->target, pid, out);
}

static int siginfo(struct rsp_session *s, struct strbuf *out)
{
	struct rsp_ptid any = { RSP_ID_ANY, RSP_ID_ANY };
	pid_t tid = rsp_resolve_thread(s, &any);

	if (!tid)
		return -ESRCH;
	return s->target->ops->xfer->siginfo(s->target, tid, out);
}

/* The dynamic linker's list; lldb reads its main-lm otherwise (rsp_lldb.c). */
static int libraries_svr4(struct rsp_session *s, struct strbuf *out)
{
	int err = s->target->ops->xfer->libraries_svr4(s->target, out);

	if (!err && s->lldb)
		rsp_lldb_svr4(out);
	return err;
}

/* Build the whole object named by the request into `out`. */
static int build_object(struct rsp_session *s, const struct rsp_request *r,
			struct strbuf *out)
{
	const char *obj = r->u.xfer.object;
	const char *annex = r->u.xfer.annex;

	if (!strcmp(obj, "features"))
		return features(s, annex, out);
	if (!strcmp(obj, "threads"))
		return *annex ? -EINVAL : threads(s, out);
	if (!strcmp(obj, "osdata"))
		return rsp_xfer_osdata(s, annex, out);
	if (strcmp(obj, "auxv") && strcmp(obj, "exec-file") && strcmp(obj, "libraries-svr4") &&
	    strcmp(obj, "siginfo"))
		return -ENOSYS;
	if (!s->target)
		return -ESRCH;
	if (!s->target->ops->xfer)
		return -ENOSYS;
	if (!strcmp(obj, "exec-file"))
		return exec_file(s, annex, out);
	if (*annex)
		return -EINVAL;
	if (!strcmp(obj, "auxv"))
		return s->target->ops->xfer->auxv(s->target, out);
	if (!strcmp(obj, "siginfo"))
		return siginfo(s, out);
	return libraries_svr4(s, out);
}

/* Only siginfo is writable (gdb's `set $_siginfo...'); the reply is the
 * number of bytes written, in hex. */
static int xfer_write(struct rsp_session *s, const struct rsp_request *r)
{
	struct rsp_ptid any = { RSP_ID_ANY, RSP_ID_ANY };
	pid_t tid;
	ssize_t n;

	if (strcmp(r->u.xfer.object, "siginfo"))
		return -ENOSYS;
	if (!s->target || !s->target->ops->xfer)
		return -ESRCH;
	if (*r->u.xfer.annex)
		return -EINVAL;
	tid = rsp_resolve_thread(s, &any);
	if (!tid)
		return -ESRCH;
	n = s->target->ops->xfer->siginfo_write(s->target, tid, r->u.xfer.offset,
						r->u.xfer.data, (size_t)r->u.xfer.length);
	if (n < 0)
		return (int)n;
	strbuf_reset(&s->reply);
	strbuf_addf(&s->reply, "%zx", (size_t)n);
	rsp_send(s, s->reply.buf, s->reply.len);
	return 0;
}

/* The object to slice: the cached one when reading on, else built now. */
static int get_object(struct rsp_session *s, const struct rsp_request *r)
{
	struct strbuf key = STRBUF_INIT;
	int err = 0;

	strbuf_addf(&key, "%s:%s", r->u.xfer.object, r->u.xfer.annex);
	if (r->u.xfer.offset == 0 || strcmp(key.buf, s->xfer_key.buf)) {
		strbuf_reset(&s->xfer_obj);
		strbuf_reset(&s->xfer_key);
		err = build_object(s, r, &s->xfer_obj);
		if (!err)
			strbuf_add(&s->xfer_key, key.buf, key.len);
	}
	strbuf_release(&key);
	return err;
}

int rsp_handle_xfer(struct rsp_session *s, const struct rsp_request *r)
{
	const struct strbuf *obj = &s->xfer_obj;
	uint64_t off = r->u.xfer.offset;
	size_t len = r->u.xfer.length < RSP_PACKET_SIZE - 1 ? (size_t)r->u.xfer.length
							    : RSP_PACKET_SIZE - 1;
	int err;

	if (r->kind == REQ_XFER_WRITE)
		return xfer_write(s, r);
	err = get_object(s, r);
	if (err) {
		strbuf_reset(&s->xfer_obj);
		return err;
	}
	strbuf_reset(&s->reply);
	if (off >= obj->len) {
		strbuf_addc(&s->reply, 'l');
	} else {
		size_t left = obj->len - (size_t)off;

		strbuf_addc(&s->reply, left > len ? 'm' : 'l');
		strbuf_add(&s->reply, obj->buf + off, left > len ? len : left);
	}
	rsp_send(s, s->reply.buf, s->reply.len);
	return 0;
}
