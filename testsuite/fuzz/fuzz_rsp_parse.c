/* fuzz_rsp_parse — one packet payload, any bytes, into a typed request:
 * accepted or refused (-EINVAL / -ENOSYS), never anything else. */
#include <stdlib.h>

#include "fuzz.h"
#include "rsp_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rsp_request req; /* large: not on the stack */
	int ret = rsp_parse((const char *)data, size, &req);

	if (ret != 0 && ret != -EINVAL && ret != -ENOSYS)
		abort();
	return 0;
}
