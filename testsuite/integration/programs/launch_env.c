/* launch_env: prints what it was started with, one `key: value' line each:
 * FOO (or `FOO unset'), UNSETME's presence, the working directory, every
 * argument, and the address of a stack variable (which moves from run to run
 * only with address-space randomization). For test_launch_settings. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char cwd[4096];
	int on_stack = 0;
	const char *foo = getenv("FOO");

	printf("FOO=%s\n", foo ? foo : "(unset)");
	printf("UNSETME=%s\n", getenv("UNSETME") ? getenv("UNSETME") : "(unset)");
	printf("cwd=%s\n", getcwd(cwd, sizeof(cwd)) ? cwd : "(unknown)");
	for (int i = 1; i < argc; i++)
		printf("arg%d=%s\n", i, argv[i]);
	printf("stack=%p\n", (void *)&on_stack);
	fflush(stdout);
	return 0; /* @done */
}
