/* shell_quote — see shell_quote.h for the contract. */
#include "shell_quote.h"

#include <string.h>

/* 'word', with each ' written as '\'' */
static void single_quoted(struct strbuf *sb, const char *word)
{
	strbuf_addc(sb, '\'');
	for (const char *p = word; *p; p++) {
		if (*p == '\'')
			strbuf_adds(sb, "'\\''");
		else
			strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '\'');
}

void shell_quote(struct strbuf *sb, const char *word, bool literal)
{
	if (literal || !*word) {
		single_quoted(sb, word);
		return;
	}
	for (const char *p = word; *p; p++) {
		if (*p == '\n')
			strbuf_adds(sb, "'\n'"); /* backslash-newline would vanish */
		else if (strchr(" \t;&|<>()'\"\\#", *p))
			strbuf_addf(sb, "\\%c", *p);
		else
			strbuf_addc(sb, *p);
	}
}
