/* intercepted — instructions a hypervisor may intercept (cpuid, rdtsc),
 * each at a global label and followed by one whose effect counts, so that
 * a step that runs one instruction too far, or a displaced step that runs
 * past its slot, shows. */
#include <stdio.h>

int main(void)
{
	unsigned a, b, c, d, n = 0;
	int i;

	for (i = 0; i < 10; i++) {
		a = c = 0;
		__asm__ volatile(".globl at_cpuid\nat_cpuid: cpuid\n"
		                 ".globl after_cpuid\nafter_cpuid: incl %4\n"
		                 : "+a"(a), "=b"(b), "+c"(c), "=d"(d), "+m"(n));
		__asm__ volatile(".globl at_rdtsc\nat_rdtsc: rdtsc\n"
		                 ".globl after_rdtsc\nafter_rdtsc: incl %2\n"
		                 : "=a"(a), "=d"(d), "+m"(n));
	}
	printf("intercepted %u\n", n);
	return 0;
}
