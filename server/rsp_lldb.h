/*
 * rsp_lldb — lldb's packets (lldb's docs/lldb-gdb-remote.txt): the reply
 * texts, kept pure so that unit tests can check them. The handlers are in
 * rsp_lldb.c (rsp_handle_lldb, rsp.h).
 *
 * Contract: each function appends to `out` (rsp_lldb_svr4: edits `xml`)
 * and touches nothing else.
 */
#ifndef RSTUB_RSP_LLDB_H
#define RSTUB_RSP_LLDB_H

#include "strbuf.h"
#include "target.h"
#include "tdesc.h"

struct arch;

/* qHostInfo: triple, pointer size, byte order, OS. */
void lldb_host_info(struct strbuf *out, const struct arch *arch);
/* qProcessInfo: ids of the process, then what qHostInfo says of the arch. */
void lldb_process_info(struct strbuf *out, const struct target_process_info *pi,
                       const struct arch *arch);
/*
 * qRegisterInfo for `reg` of `td`: name, size, offset in the `g` packet,
 * encoding and format from its type, the register set from its group, type
 * and feature, and generic:pc/sp/fp for the arch's registers.
 */
void lldb_register_info(struct strbuf *out, const struct tdesc *td,
                        const struct tdesc_reg *reg, const struct arch *arch);
/* qMemoryRegionInfo: start, size, permissions and name of a mapping;
 * start and size alone for an unmapped gap. */
void lldb_region_info(struct strbuf *out, const struct target_region *r);
/* A JSON string literal holding `s` (quotes included). */
void lldb_json_string(struct strbuf *out, const char *s);
/* The svr4 library list (qXfer:libraries-svr4) as lldb reads it: without
 * main-lm. Changes `xml` in place. */
void rsp_lldb_svr4(struct strbuf *xml);

#endif
