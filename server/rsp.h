/*
 * rsp — one debugging session: a client connection speaking RSP, bound to
 * one target.
 *
 * Contract: the session owns the decoder and the reply path; it turns packets
 * into requests (rsp_parse), runs each through its handler (rsp_*.c, one file
 * per packet family) and sends typed replies. It never calls ptrace and
 * never sees a raw wait status: it talks to the target through target.h.
 * Errors: handlers return 0 when they replied, or -errno for the session to
 * map (-ENOSYS -> empty packet, -ESHUTDOWN -> no reply at all, other
 * -> `Exx` with xx = errno).
 */
#ifndef RSTUB_RSP_H
#define RSTUB_RSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "rsp_codec.h"
#include "rsp_request.h"
#include "strbuf.h"
#include "launch.h"
#include "target.h"

enum rsp_end {
	RSP_CONTINUE,	   /* keep serving */
	RSP_END_DETACHED,  /* gdb detached; the program runs on */
	RSP_END_KILLED,	   /* gdb killed the program */
	RSP_END_EXITED,	   /* the program exited or was killed by a signal */
	RSP_END_MONITOR_EXIT, /* `monitor exit` */
	RSP_END_HANGUP,	   /* the client went away */
};

enum { RSP_VFILE_MAX_FDS = 64 };

/* Packets a session pretends not to know (--disable-packet, for testing gdb's
 * fallbacks as gdbserver allows). */
enum rsp_disable {
	RSP_DISABLE_VCONT = 1u << 0,	    /* vCont */
	RSP_DISABLE_TTHREAD = 1u << 1,	    /* thread: in stop replies */
	RSP_DISABLE_QC = 1u << 2,	    /* qC */
	RSP_DISABLE_QFTHREADINFO = 1u << 3, /* qfThreadInfo / qsThreadInfo */
	RSP_DISABLE_T = 1u << 4,	    /* T stop replies (S instead) */
	RSP_DISABLE_VCONT_STEP = 1u << 5,   /* s and S in the vCont? reply (vConts) */
};

struct rsp_session {
	int in_fd, out_fd;
	struct rsp_decoder dec;
	struct strbuf last_frame; /* for retransmission on '-' */
	size_t frame_sent;	  /* bytes of last_frame written (rsp_send_part) */
	uint8_t frame_sum;	  /* its checksum so far */
	struct strbuf reply;	  /* payload under construction */
	struct strbuf mem;	  /* memory read for m/x, kept across packets */
	struct strbuf scratch;	  /* hex digits on their way to the encoder */
	bool rle;	     /* run-length encode replies (rsp_encode_part) */
	bool noack;
	bool serial_line;    /* no QStartNoAckMode, as gdbserver: a line may drop
				bytes, and the next gdb on it starts with acks */
	bool multiprocess;   /* gdb said multiprocess+ */
	bool swbreak;	     /* gdb said swbreak+ */
	bool hwbreak;	     /* gdb said hwbreak+ */
	bool xml_registers;  /* gdb uses our target description (xmlRegisters=) */
	bool exec_events;    /* gdb said exec-events+ (and we serve exec-file) */
	bool no_resumed;     /* gdb said no-resumed+: the `N` stop reply */
	bool lldb;	     /* the client is lldb (QThreadSuffixSupported): rsp_lldb.c */
	bool lldb_threads_in_stop; /* lldb said QListThreadsInStopReply */
	bool running;	     /* resumed; a stop reply is owed */
	bool extended;	     /* gdb said `!': the session outlives processes */
	struct launch *launch; /* how to start programs (vRun, R); NULL: never */
	const struct target_ops *kind; /* what targets here can do (qSupported) */
	const struct tdesc *tdesc;     /* served even before there is a process */
	const struct arch *arch;       /* the targets' architecture */
	unsigned disabled;   /* enum rsp_disable bits */
	enum rsp_end end;

	int output_fd;	     /* the program's output to forward (stdio), or -1 */
	struct target *target;
	struct target_stop last_stop;
	pid_t g_thread;	     /* Hg: thread for registers */
	pid_t c_thread;	     /* Hc: thread for legacy c/s/C/S */
	size_t thread_list_pos; /* qsThreadInfo cursor */
	/* The last qXfer object built (at offset 0) and its "object:annex",
	 * so that reading it on in slices does not rebuild it each time. */
	struct strbuf xfer_obj, xfer_key;
	bool pass[65];	     /* host signals gdb wants passed silently */
	int vfile_fds[RSP_VFILE_MAX_FDS]; /* host I/O descriptors gdb opened, -1 free */
};

/* `kind` and `cfg` describe the targets this session can have, `t` the
 * current one (NULL before an extended-remote `run`). */
void rsp_session_init(struct rsp_session *s, int in_fd, int out_fd,
		      const struct target_ops *kind, const struct target_config *cfg,
		      struct target *t, const struct target_stop *first);
void rsp_session_release(struct rsp_session *s);
/* Parse "vCont,Tthread,qC,qfThreadInfo,T,threads"; -EINVAL naming *bad. */
int rsp_parse_disable(const char *list, unsigned *mask, const char **bad);

/* Bytes arrived from the client: decode and serve them. */
void rsp_input(struct rsp_session *s, const void *data, size_t len);
/* The target's event fd is readable: report a stop if one is owed. */
void rsp_target_event(struct rsp_session *s);
/* output_fd is readable while the program runs: its output goes to gdb
 * as console output (`O' packets), before any stop reply that follows.
 * While it is stopped the output waits in the pipe. */
void rsp_program_output(struct rsp_session *s);

/* ---- reply path, used by the handlers ---- */
void rsp_send(struct rsp_session *s, const void *payload, size_t len);
/*
 * The same, for a reply produced in parts (long memory reads): begin, parts
 * (escaped and written out as they come, a piece at a time), end; nothing
 * else is sent in between. rsp_send is begin + one part + end.
 */
void rsp_send_begin(struct rsp_session *s);
void rsp_send_part(struct rsp_session *s, const void *part, size_t len);
/* A part given as bytes and sent as their hex digits (an `m` reply), which
 * need no escapes: encoded straight into the frame. */
void rsp_send_part_hex(struct rsp_session *s, const void *data, size_t len);
void rsp_send_end(struct rsp_session *s);
void rsp_send_str(struct rsp_session *s, const char *payload);
void rsp_send_ok(struct rsp_session *s);
void rsp_send_error(struct rsp_session *s, int err);
/* Console output for gdb (`O` + hex), e.g. from monitor commands. */
void rsp_send_console(struct rsp_session *s, const char *text);
/* The stop reply for `st` (T/W/X with thread, expedited registers, reason). */
void rsp_send_stop(struct rsp_session *s, const struct target_stop *st);
/* Write a thread id the way gdb expects for this session. */
void rsp_add_thread_id(struct rsp_session *s, struct strbuf *sb, pid_t tid);
/* The thread a request names, resolved against the target (0 = none). */
pid_t rsp_resolve_thread(struct rsp_session *s, const struct rsp_ptid *id);

/* ---- handlers, one family per file ---- */
int rsp_handle_data(struct rsp_session *s, const struct rsp_request *r);   /* rsp_data.c */
int rsp_handle_exec(struct rsp_session *s, const struct rsp_request *r);   /* rsp_exec.c */
int rsp_handle_query(struct rsp_session *s, const struct rsp_request *r);  /* rsp_query.c */
int rsp_handle_xfer(struct rsp_session *s, const struct rsp_request *r);   /* rsp_xfer.c */
/* The qXfer:osdata object named by `annex` (rsp_osdata.c). */
int rsp_xfer_osdata(struct rsp_session *s, const char *annex, struct strbuf *out);
int rsp_handle_monitor(struct rsp_session *s, const struct rsp_request *r); /* rsp_monitor.c */
int rsp_handle_vfile(struct rsp_session *s, const struct rsp_request *r);   /* rsp_vfile.c */
int rsp_handle_lldb(struct rsp_session *s, const struct rsp_request *r);    /* rsp_lldb.c */
/* The keys lldb reads in a T stop reply: the thread's name, and with
 * QListThreadsInStopReply every thread and its PC (rsp_lldb.c). */
void rsp_lldb_add_stop_keys(struct rsp_session *s, struct strbuf *sb,
			    const struct target_stop *st);
int rsp_handle_launch(struct rsp_session *s, const struct rsp_request *r);  /* rsp_launch.c */

#endif
