/*
 * rsp_client — a minimal GDB Remote Serial Protocol client for test
 * harnesses: enough to drive qemu-user's gdbstub (acks on, no-ack mode not
 * required). Blocking I/O on one socket; no allocation per packet.
 *
 * Contract: rsp_cmd() sends one packet and returns the next reply that is
 * not console output ('O...'), run-length decoded, NUL-terminated in the
 * client's buffer (valid until the next call). Returns the reply length or
 * -errno (-EPIPE when the peer closed).
 */
#ifndef RSTUB_TEST_RSP_CLIENT_H
#define RSTUB_TEST_RSP_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum { RSP_BUF = 64 * 1024 };

struct rsp_client {
	int fd;
	char in[RSP_BUF];  /* bytes received, not yet consumed */
	size_t in_len;
	char reply[RSP_BUF];
};

/*
 * Connect to the unix socket `path` that process `server` is about to
 * create: waits (inotify) for the path to appear, failing with -ESRCH if
 * the server exits first and -ETIMEDOUT after 10 s.
 */
int rsp_connect_unix(struct rsp_client *r, const char *path, pid_t server);
void rsp_close(struct rsp_client *r);
int rsp_cmd(struct rsp_client *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* `m`: read len (<= 4096) bytes at addr. 0 or -EFAULT / -errno. */
int rsp_read_mem(struct rsp_client *r, uint64_t addr, void *buf, size_t len);

#endif
