/*
 * tdesc_builtin — target descriptions compiled into the binary.
 *
 * Contract: the same as tdesc_load() (see tdesc.h), but every file, the main
 * one and those it includes, is taken from the xml_files[] table built from
 * xml/ at build time, so rstub needs no files beside it at run time. A name
 * not in the table is reported like a missing file.
 */
#ifndef RSTUB_TDESC_BUILTIN_H
#define RSTUB_TDESC_BUILTIN_H

#include "strbuf.h"
#include "tdesc.h"

/* Load `main_file` ("amd64-linux.xml") from the built-in table. */
int tdesc_load_builtin(struct tdesc *td, const char *main_file, struct strbuf *err);

#endif
