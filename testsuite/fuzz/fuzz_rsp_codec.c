/* fuzz_rsp_codec — the frame decoder fed any bytes (with a small payload
 * limit so over-long frames happen), and every packet it completes encoded
 * again, with and without RLE, and decoded back to the same payload. */
#include <stdlib.h>

#include "fuzz.h"
#include "rsp_codec.h"

static void round_trip(const struct strbuf *payload, bool rle)
{
	struct rsp_decoder d;
	struct strbuf frame = STRBUF_INIT;
	enum rsp_input got = RSP_IN_NONE;
	size_t i;

	rsp_encode(&frame, '$', payload->buf, payload->len, rle);
	rsp_decoder_init(&d, payload->len + 1);
	for (i = 0; i < frame.len; i++)
		got = rsp_decoder_feed(&d, (uint8_t)frame.buf[i]);
	if (got != RSP_IN_PACKET || d.payload.len != payload->len ||
	    memcmp(d.payload.buf, payload->buf, payload->len))
		abort();
	rsp_decoder_release(&d);
	strbuf_release(&frame);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rsp_decoder d;
	size_t i;

	rsp_decoder_init(&d, 512);
	for (i = 0; i < size; i++) {
		if (rsp_decoder_feed(&d, data[i]) != RSP_IN_PACKET)
			continue;
		round_trip(&d.payload, false);
		round_trip(&d.payload, true);
	}
	rsp_decoder_release(&d);
	return 0;
}
