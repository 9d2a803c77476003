/* bigmem: fill a 1 MiB buffer with every byte value (the RSP specials
 * '$', '#', '}', '*' included), then stop at an int3 with the buffer's
 * address in rax and its size in rdx, so a raw RSP client can read it. */
#include <stdlib.h>

#define SIZE (1 << 20)

int main(void)
{
	unsigned char *buf = malloc(SIZE);

	if (!buf)
		return 1;
	for (unsigned long i = 0; i < SIZE; i++)
		buf[i] = (unsigned char)(i * 7 + i / 251);
	__asm__ volatile("int3" : : "a"(buf), "d"((unsigned long)SIZE) : "memory");
	free(buf);
	return 0;
}
