/*
 * kheaders-inspector glue over zlib (zlib licence): one gzip member at a time, inflate() in gzip
 * mode (windowBits 31: header, deflate data, then CRC-32 and ISIZE verified) over buffers the
 * caller owns inside this module's memory (src/core/wasm/zlib.ts). inflate stops at the end of
 * the member, so the input it consumed is the member's exact length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "zlib.h"

#define EXPORT(name) __attribute__((export_name(name)))

EXPORT("khi_malloc") void *khi_malloc(uint32_t n) { return malloc(n ? n : 1); }
EXPORT("khi_free") void khi_free(void *p) { free(p); }

EXPORT("khi_new") z_stream *khi_new(void) {
	z_stream *s = calloc(1, sizeof(z_stream));
	if (s && inflateInit2(s, 31) != Z_OK) {
		free(s);
		return 0;
	}
	return s;
}

/* Start a new member. */
EXPORT("khi_reset") int khi_reset(z_stream *s) { return inflateReset(s); }

/* One step: returns Z_OK, Z_STREAM_END (member done and verified), Z_BUF_ERROR (no progress possible) or an error. */
EXPORT("khi_code") int khi_code(z_stream *s, uint8_t *in, uint32_t in_len, uint8_t *out, uint32_t out_len) {
	s->next_in = in;
	s->avail_in = in_len;
	s->next_out = out;
	s->avail_out = out_len;
	return inflate(s, Z_NO_FLUSH);
}

EXPORT("khi_avail_in") uint32_t khi_avail_in(z_stream *s) { return s->avail_in; }
EXPORT("khi_avail_out") uint32_t khi_avail_out(z_stream *s) { return s->avail_out; }
/* The CRC-32 of the output so far. */
EXPORT("khi_crc") uint32_t khi_crc(z_stream *s) { return (uint32_t)s->adler; }

/* Why the last Z_DATA_ERROR: 1 the CRC-32 trailer, 2 the ISIZE trailer, 0 the data itself. */
EXPORT("khi_why") int khi_why(z_stream *s) {
	if (!s->msg) return 0;
	if (!strcmp(s->msg, "incorrect data check")) return 1;
	if (!strcmp(s->msg, "incorrect length check")) return 2;
	return 0;
}
