/*
 * rsp_osdata — qXfer:osdata:read:processes, gdb's list of the host's
 * processes (`info os processes'; MI's `-list-thread-groups --available',
 * which IDEs show as their attach dialog).
 *
 * Contract: builds the <osdata type="processes"> document gdbserver sends
 * (one <item> per process: pid, user, command, cores) from the target
 * kind's os_processes hook; it needs no process of its own. Other annexes
 * (`info os' with no type, files, sockets...) are -EINVAL.
 */
#include <errno.h>
#include <string.h>

#include "rsp.h"

static void add_column(struct strbuf *out, const char *name, const char *value)
{
	strbuf_addf(out, "<column name=\"%s\">", name);
	strbuf_addxml(out, value);
	strbuf_adds(out, "</column>");
}

static int add_item(const struct target_os_process *p, void *arg)
{
	struct strbuf *out = arg;

	strbuf_addf(out, "<item><column name=\"pid\">%d</column>", (int)p->pid);
	add_column(out, "user", p->user);
	add_column(out, "command", p->command);
	add_column(out, "cores", p->cores);
	strbuf_adds(out, "</item>\n");
	return 0;
}

int rsp_xfer_osdata(struct rsp_session *s, const char *annex, struct strbuf *out)
{
	const struct target_xfer_ops *x = s->kind ? s->kind->xfer : NULL;
	int err;

	if (!x)
		return -ENOSYS;
	if (strcmp(annex, "processes"))
		return -EINVAL;
	strbuf_adds(out,
	            "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"osdata.dtd\">\n"
	            "<osdata type=\"processes\">\n");
	err = x->os_processes(add_item, out);
	if (err)
		return err;
	strbuf_adds(out, "</osdata>\n");
	return 0;
}
