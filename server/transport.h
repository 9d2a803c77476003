/*
 * transport — how the client reaches us: TCP, a serial tty, or stdio.
 *
 * Contract: transport_open() parses COMM as gdbserver does (`-`/`stdio`,
 * `HOST:PORT`, `:PORT`, `[ADDR]:PORT`, or a device path) and gets ready to
 * serve: for TCP it binds and listens; transport_announce() then prints
 * `Listening on port N` on stderr (once the program is ready, so a launcher
 * that waits for that line never connects to a failed start);
 * transport_accept() then waits for one client and prints `Remote
 * debugging from host H, port P`. `:PORT` (and `localhost:PORT`) listens on
 * loopback only, 127.0.0.1 and ::1 on one port (a host without ::1 is told
 * so on stderr and served on 127.0.0.1); other interfaces need an explicit
 * host (`0.0.0.0:PORT`, `[::]:PORT`). Errors give -errno with a one-line
 * message in `err` (a busy port: exactly
 * "Can't bind address: Address already in use.").
 * A serial line never hangs up when gdb leaves: main.c serves it on.
 */
#ifndef RSTUB_TRANSPORT_H
#define RSTUB_TRANSPORT_H

#include <stdbool.h>

#include "strbuf.h"

enum transport_kind { TRANSPORT_TCP, TRANSPORT_SERIAL, TRANSPORT_STDIO };

enum { TRANSPORT_MAX_LISTEN = 8 };

struct transport {
	enum transport_kind kind;
	int in_fd, out_fd;    /* the connection, once there is one */
	int listen_fd[TRANSPORT_MAX_LISTEN];
	int nlisten;
	int port;
};

/* True when COMM names stdio (the program's own output then goes to stderr). */
bool transport_is_stdio(const char *comm);
int transport_open(struct transport *tr, const char *comm, int baud, struct strbuf *err);
void transport_announce(const struct transport *tr);
/* Wait for a client; with `last` (--once) nobody else can connect by the
 * time the `Remote debugging from` line is printed. */
int transport_accept(struct transport *tr, bool last, struct strbuf *err);
/* Stop listening (--once: no second client can connect). */
void transport_stop_listening(struct transport *tr);
/* Close the connection (not the listening sockets). */
void transport_hangup(struct transport *tr);
void transport_close(struct transport *tr);

#endif
