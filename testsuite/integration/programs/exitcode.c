/* exitcode N: exits with status N (default 0); tests can change `code`. */
#include <stdlib.h>

int main(int argc, char **argv)
{
	int code = argc > 1 ? atoi(argv[1]) : 0;
	return code; /* @return */
}
