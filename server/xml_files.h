/*
 * xml_files — the target description files of xml/, compiled into the binary
 * by cmake/embed_xml.cmake. The table ends with a NULL name.
 */
#ifndef RSTUB_XML_FILES_H
#define RSTUB_XML_FILES_H

#include <stddef.h>

struct xml_file {
	const char *name;
	const char *text;
	size_t len;
};

extern const struct xml_file xml_files[];

#endif
