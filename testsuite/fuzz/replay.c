/*
 * replay — runs a fuzz target's LLVMFuzzerTestOneInput over files, for
 * builds without libFuzzer: ctest replays each target's corpus with it.
 *
 *   fuzz_replay_TARGET FILE_OR_DIR...
 *
 * Prints how many inputs ran; exits 0 (a crash is the failure), 1 when a
 * file cannot be read or nothing was found.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		perror(path);
		if (f)
			fclose(f);
		return -1;
	}
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int run_path(const char *path, long *count)
{
	char sub[4096];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int ret = 0;

	if (stat(path, &st)) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	d = opendir(path);
	if (!d) {
		perror(path);
		return -1;
	}
	while (ret == 0 && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		ret = run_path(sub, count);
	}
	closedir(d);
	return ret;
}

int main(int argc, char **argv)
{
	long count = 0;
	int i;

	for (i = 1; i < argc; i++) {
		if (run_path(argv[i], &count))
			return 1;
	}
	printf("replayed %ld inputs\n", count);
	return count ? 0 : 1;
}
