/* bigmem: fill a 1 MiB buffer with every byte value (the RSP specials
 * '$', '#', '}', '*' included), then stop at an int3 with the buffer's
 * address in rax and its size in rdx, so a raw RSP client can read it.
 * The page right after the buffer is unmapped: a read running past its end
 * gets the buffer's bytes only. */
#include <sys/mman.h>
#include <unistd.h>

#define SIZE (1 << 20)

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *buf = mmap(NULL, SIZE + page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (buf == MAP_FAILED || munmap(buf + SIZE, page))
		return 1;
	for (unsigned long i = 0; i < SIZE; i++)
		buf[i] = (unsigned char)(i * 7 + i / 251);
	__asm__ volatile("int3" : : "a"(buf), "d"((unsigned long)SIZE) : "memory");
	return 0;
}
