/*
 * rsp_request — the typed form of every packet rstub understands.
 *
 * Contract: rsp_parse() turns one packet payload (already unframed and
 * unescaped by rsp_codec) into a `struct rsp_request` without touching the
 * target or allocating: string and binary arguments point into the payload,
 * which must outlive the request. It returns 0, -ENOSYS for a packet rstub
 * does not know (the reply is the empty packet), or -EINVAL for a known
 * packet with malformed arguments (the reply is an error). Hex is decoded
 * here; handlers never see hex.
 */
#ifndef RSTUB_RSP_REQUEST_H
#define RSTUB_RSP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A thread id as gdb writes it: `p<pid>.<tid>`, `<tid>`, `-1` (all), `0` (any). */
#define RSP_ID_ALL (-1)
#define RSP_ID_ANY 0
struct rsp_ptid {
	int64_t pid; /* RSP_ID_ANY when gdb did not say (no multiprocess form) */
	int64_t tid;
};

enum rsp_req_kind {
	REQ_HALT_REASON,     /* ? */
	REQ_READ_REGS,	     /* g */
	REQ_WRITE_REGS,	     /* G data */
	REQ_READ_REG,	     /* p n */
	REQ_WRITE_REG,	     /* P n=data */
	REQ_READ_MEM,	     /* m addr,len */
	REQ_READ_MEM_BINARY, /* x addr,len */
	REQ_WRITE_MEM,	     /* M addr,len:hex and X addr,len:binary */
	REQ_INSERT_BP,	     /* Z type,addr,kind[;Xlen,cond...][;cmds:persist,Xlen,cmd...] */
	REQ_REMOVE_BP,	     /* z type,addr,kind */
	REQ_VCONT_QUERY,     /* vCont? */
	REQ_RESUME,	     /* vCont;..., c, C, s, S */
	REQ_SET_THREAD,	     /* H op ptid */
	REQ_THREAD_ALIVE,    /* T ptid */
	REQ_CURRENT_THREAD,  /* qC */
	REQ_THREAD_LIST_FIRST, /* qfThreadInfo */
	REQ_THREAD_LIST_NEXT,  /* qsThreadInfo */
	REQ_ATTACHED,	     /* qAttached[:pid] */
	REQ_KILL,	     /* k, vKill;pid */
	REQ_DETACH,	     /* D, D;pid */
	REQ_PASS_SIGNALS,    /* QPassSignals:a;b */
	REQ_PROGRAM_SIGNALS, /* QProgramSignals:a;b */
	REQ_SUPPORTED,	     /* qSupported[:features] */
	REQ_START_NOACK,     /* QStartNoAckMode */
	REQ_XFER_READ,	     /* qXfer:object:read:annex:offset,length */
	REQ_XFER_WRITE,	     /* qXfer:object:write:annex:offset:data */
	REQ_MONITOR,	     /* qRcmd,hex */
	REQ_SYMBOL,	     /* qSymbol:: (we look nothing up) */
	REQ_NON_STOP,	     /* QNonStop:0|1 */
	REQ_VFILE,	     /* vFile:op:args (host I/O) */
	REQ_EXTENDED,	     /* ! */
	REQ_RUN,	     /* vRun;prog;arg... (hex) */
	REQ_ATTACH,	     /* vAttach;pid */
	REQ_RESTART,	     /* R XX */
	/* lldb's packets (lldb-gdb-remote.txt), served by rsp_lldb.c */
	REQ_LLDB_THREAD_SUFFIX,	   /* QThreadSuffixSupported */
	REQ_LLDB_LIST_THREADS,	   /* QListThreadsInStopReply */
	REQ_LLDB_HOST_INFO,	   /* qHostInfo */
	REQ_LLDB_PROCESS_INFO,	   /* qProcessInfo */
	REQ_LLDB_REGISTER_INFO,	   /* qRegisterInfo<hex regno> */
	REQ_LLDB_THREADS_INFO,	   /* jThreadsInfo */
	REQ_LLDB_THREAD_STOP_INFO, /* qThreadStopInfo<hex tid> */
	REQ_LLDB_MEMORY_REGION,	   /* qMemoryRegionInfo:addr */
	REQ_DISABLE_RANDOMIZATION, /* QDisableRandomization:0|1 */
	REQ_STARTUP_WITH_SHELL,	   /* QStartupWithShell:0|1 */
	REQ_ENV_SET,		   /* QEnvironmentHexEncoded:hex(NAME=VALUE) */
	REQ_ENV_UNSET,		   /* QEnvironmentUnset:hex(NAME) */
	REQ_ENV_RESET,		   /* QEnvironmentReset */
	REQ_SET_CWD,		   /* QSetWorkingDir:[hex(DIR)] (empty: the default) */
};

enum rsp_vfile_op {
	VFILE_SETFS,	/* vFile:setfs:pid */
	VFILE_OPEN,	/* vFile:open:path,flags,mode */
	VFILE_CLOSE,	/* vFile:close:fd */
	VFILE_PREAD,	/* vFile:pread:fd,count,offset */
	VFILE_PWRITE,	/* vFile:pwrite:fd,offset,data */
	VFILE_FSTAT,	/* vFile:fstat:fd */
	VFILE_UNLINK,	/* vFile:unlink:path */
	VFILE_READLINK, /* vFile:readlink:path */
};

enum { RSP_PATH_MAX = 4096 };

enum { RSP_MAX_VCONT_ACTIONS = 64, RSP_MAX_SIGNALS = 152 };

/* Target-side breakpoint conditions and commands (agent expressions) in one
 * Z packet: at most RSP_BP_MAX_EXPRS of each, RSP_BP_EXPR_MAX bytes each,
 * RSP_BP_CODE_MAX bytes in all (the packet size bounds it anyway). */
enum { RSP_BP_MAX_EXPRS = 32, RSP_BP_EXPR_MAX = 4096, RSP_BP_CODE_MAX = 8192 };

struct rsp_bp_expr {
	size_t off, len; /* bytecode at rsp_request.u.bp.code + off */
};

struct rsp_resume_action {
	char action;    /* 'c', 's', 'r' or 't' */
	int gdb_signal; /* 0 for none (C/S carry one) */
	uint64_t start, end;  /* 'r': step while the PC is in [start, end) */
	struct rsp_ptid ptid; /* RSP_ID_ALL when the action names no thread */
};

struct rsp_request {
	enum rsp_req_kind kind;
	/* g G p P: lldb's `;thread:ID;` suffix (QThreadSuffixSupported); tid
	 * RSP_ID_ANY when absent (the Hg thread then) */
	struct rsp_ptid thread;
	union {
		struct { /* REQ_READ_REG, REQ_WRITE_REG, REQ_LLDB_REGISTER_INFO */
			uint64_t regno;
			const char *hex; /* value for P: 2*len hex digits */
			size_t hexlen;
		} reg;
		struct { /* REQ_WRITE_REGS */
			const char *hex;
			size_t hexlen;
		} regs;
		struct { /* REQ_READ_MEM, REQ_READ_MEM_BINARY, REQ_WRITE_MEM,
			    REQ_LLDB_MEMORY_REGION (addr) */
			uint64_t addr;
			uint64_t len;
			const char *data; /* M: hex (2*len), X: binary (len) */
			bool binary;
		} mem;
		struct { /* REQ_INSERT_BP, REQ_REMOVE_BP */
			int type;
			uint64_t addr;
			int kind;
			/* Z only: decoded bytecode of conditions and commands */
			size_t nconds, ncmds;
			struct rsp_bp_expr conds[RSP_BP_MAX_EXPRS];
			struct rsp_bp_expr cmds[RSP_BP_MAX_EXPRS];
			bool cmds_persist;
			size_t code_len;
			uint8_t code[RSP_BP_CODE_MAX];
		} bp;
		struct { /* REQ_RESUME */
			size_t nact;
			struct rsp_resume_action act[RSP_MAX_VCONT_ACTIONS];
			bool legacy;   /* c/s/C/S rather than vCont */
			bool has_addr; /* c/s/C/S with a resume address */
			uint64_t addr;
		} resume;
		struct { /* REQ_SET_THREAD */
			char op; /* 'g' or 'c' */
			struct rsp_ptid ptid;
		} set_thread;
		struct rsp_ptid ptid; /* REQ_THREAD_ALIVE, REQ_LLDB_THREAD_STOP_INFO */
		int64_t pid;	      /* REQ_KILL, REQ_DETACH, REQ_ATTACHED; -1 none */
		struct { /* REQ_PASS_SIGNALS, REQ_PROGRAM_SIGNALS */
			bool set[RSP_MAX_SIGNALS]; /* indexed by gdb signal number */
		} signals;
		struct { /* REQ_SUPPORTED: gdb's features, `a+;b-;c=v` */
			const char *features;
			size_t len;
		} supported;
		struct { /* REQ_XFER_READ, REQ_XFER_WRITE */
			char object[32];
			char annex[256];
			uint64_t offset;
			uint64_t length; /* read: how much; write: bytes in data */
			const char *data; /* write: binary */
		} xfer;
		struct { /* REQ_MONITOR: decoded command text, NUL-terminated */
			char text[512];
		} monitor;
		bool flag; /* REQ_NON_STOP, REQ_DISABLE_RANDOMIZATION, REQ_STARTUP_WITH_SHELL */
		struct { /* REQ_ENV_SET, REQ_ENV_UNSET, REQ_SET_CWD: decoded */
			char text[2 * RSP_PATH_MAX]; /* NUL-terminated, none inside */
		} setting;
		struct { /* REQ_RUN: decoded, NUL-separated; args[0] "" = last program */
			char args[2 * RSP_PATH_MAX];
			size_t len;
			size_t argc;
		} run;
		struct { /* REQ_VFILE: numbers are gdb's fileio values, not host ones */
			enum rsp_vfile_op op;
			char path[RSP_PATH_MAX]; /* decoded, NUL-terminated */
			uint64_t fd, flags, mode, count, offset, pid;
			const char *data; /* pwrite: binary */
			size_t len;
		} vfile;
	} u;
};

/* Parse one packet; see the contract above. */
int rsp_parse(const char *pkt, size_t len, struct rsp_request *req);

/* Parse a thread id at *p (advances it); 0 or -EINVAL. */
int rsp_parse_ptid(const char **p, const char *end, struct rsp_ptid *out);

/* The command table, exposed for tests: the prefix matched for a packet, or
 * NULL when no entry matches. */
const char *rsp_command_prefix(const char *pkt, size_t len);

#endif
