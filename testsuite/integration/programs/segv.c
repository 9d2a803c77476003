/* segv: stores to an address below mmap_min_addr, which is never mapped,
 * so the fault address is known: 0x4242. */
#include <stdint.h>

#define FAULT_ADDR 0x4242

int main(void)
{
	volatile int *p = (volatile int *)(uintptr_t)FAULT_ADDR;
	*p = 42; /* @fault */
	return 0;
}
