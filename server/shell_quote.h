/*
 * shell_quote — words for a POSIX shell command line, as gdb and gdbserver
 * build `$SHELL -c "exec PROG ARGS"` with startup-with-shell.
 *
 * Contract: shell_quote() appends one word that the shell turns back into
 * exactly one word (also when empty, or holding blanks, quotes, `;', `|',
 * `<', `>', `&', `#' or newlines). literal: the word reaches the program as
 * it is. Otherwise the shell's expansions are left to it ($VAR, $(cmd),
 * `cmd`, globs *, ?, [...], ~, braces), as in gdb's `run' with
 * startup-with-shell on; only word splitting, redirection and quoting
 * characters are escaped (gdb has already taken its own quotes off).
 */
#ifndef RSTUB_SHELL_QUOTE_H
#define RSTUB_SHELL_QUOTE_H

#include <stdbool.h>

#include "strbuf.h"

void shell_quote(struct strbuf *sb, const char *word, bool literal);

#endif
