/*
 * kheaders-inspector glue over libbz2 (bzip2 licence, BSD-style), decompression only and built with
 * BZ_NO_STDIO: one bzip2 stream at a time, BZ2_bzDecompress() over buffers the caller owns inside
 * this module's memory (src/core/wasm/libbz2.ts). libbz2 verifies every block CRC and the stream's
 * combined CRC, and stops at the stream's last byte, so the input it consumed is the stream's exact
 * length. The block hook (bzip2-hook.h) records where each block ends in the output and in the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bzlib_private.h"

#define EXPORT(name) __attribute__((export_name(name)))

typedef struct {
	bz_stream strm;
	int live;
	int result;            /* the last BZ2_bzDecompress return */
	double out_prev;       /* output bytes of this stream up to the end of the block before the last */
	double out_last;       /* … up to the end of the last block whose CRC was computed */
	double bit_prev;       /* input bit position where the last block started */
	double bit_last;       /* … where the block after it starts */
	uint32_t left_in, left_out;
} khi_ctx;

/* libbz2 calls this on an internal assertion failure (BZ_NO_STDIO); a decode error follows. */
void bz_internal_error(int code) { (void)code; __builtin_trap(); }

static khi_ctx *cur; /* one context per instance */

static double total_in(const bz_stream *s) { return s->total_in_lo32 + 4294967296.0 * s->total_in_hi32; }
static double total_out(const bz_stream *s) { return s->total_out_lo32 + 4294967296.0 * s->total_out_hi32; }

void khi_bz_block_end(void) {
	const DState *s = (const DState *)cur->strm.state;
	cur->out_prev = cur->out_last;
	cur->bit_prev = cur->bit_last;
	cur->out_last = total_out(&cur->strm);
	cur->bit_last = total_in(&cur->strm) * 8 - s->bsLive;
}

EXPORT("khi_malloc") void *khi_malloc(uint32_t n) { return malloc(n ? n : 1); }
EXPORT("khi_free") void khi_free(void *p) { free(p); }

EXPORT("khi_new") khi_ctx *khi_new(void) {
	khi_ctx *c = calloc(1, sizeof(khi_ctx));
	cur = c;
	return c;
}

/* Start a new stream (the block buffer, up to 3.6 MB, is allocated when its header is read). */
EXPORT("khi_reset") int khi_reset(khi_ctx *c) {
	if (c->live) BZ2_bzDecompressEnd(&c->strm);
	memset(&c->strm, 0, sizeof(c->strm));
	c->live = 0;
	c->result = BZ_OK;
	c->out_prev = c->out_last = 0;
	c->bit_prev = c->bit_last = 32; /* the first block follows "BZh1".."BZh9" */
	int r = BZ2_bzDecompressInit(&c->strm, 0, 0);
	if (r == BZ_OK) c->live = 1;
	return r;
}

/*
 * One step from in[0..in_len) into out[0..out_len). Returns BZ_OK, BZ_STREAM_END (the stream is
 * decoded and every CRC matched) or a negative BZ_* error.
 */
EXPORT("khi_code") int khi_code(khi_ctx *c, char *in, uint32_t in_len, char *out, uint32_t out_len) {
	cur = c;
	c->strm.next_in = in;
	c->strm.avail_in = in_len;
	c->strm.next_out = out;
	c->strm.avail_out = out_len;
	c->result = c->live ? BZ2_bzDecompress(&c->strm) : BZ_SEQUENCE_ERROR;
	c->left_in = c->strm.avail_in;
	c->left_out = c->strm.avail_out;
	return c->result;
}

EXPORT("khi_avail_in") uint32_t khi_avail_in(khi_ctx *c) { return c->left_in; }
EXPORT("khi_avail_out") uint32_t khi_avail_out(khi_ctx *c) { return c->left_out; }

/*
 * After BZ_DATA_ERROR: 1 a block failed its CRC, 2 the stream's combined CRC did not match,
 * 0 the compressed data itself is damaged.
 */
EXPORT("khi_why") int khi_why(khi_ctx *c) {
	const DState *s = (const DState *)c->strm.state;
	if (c->result != BZ_DATA_ERROR || !s) return 0;
	if (s->state == BZ_X_IDLE) return 2;
	if (s->state == BZ_X_OUTPUT && s->nblock_used == s->save_nblock + 1 && s->state_out_len == 0 &&
		s->calculatedBlockCRC != s->storedBlockCRC && c->out_last == total_out(&c->strm))
		return 1;
	return 0;
}

/*
 * Output bytes of this stream whose block CRCs matched (after a block CRC failure this excludes
 * the failed block), and the input byte where the first unverified block starts.
 */
EXPORT("khi_verified_out") double khi_verified_out(khi_ctx *c) {
	return khi_why(c) == 1 ? c->out_prev : c->out_last;
}
EXPORT("khi_bad_block_at") double khi_bad_block_at(khi_ctx *c) {
	return (double)(uint64_t)((khi_why(c) == 1 ? c->bit_prev : c->bit_last) / 8);
}

/* Blocks whose header was read in this stream, the level ('1'..'9' block size), stored CRCs. */
EXPORT("khi_blocks") int khi_blocks(khi_ctx *c) {
	const DState *s = (const DState *)c->strm.state;
	return s ? s->currBlockNo : 0;
}
EXPORT("khi_crc_stored") uint32_t khi_crc_stored(khi_ctx *c) {
	const DState *s = (const DState *)c->strm.state;
	if (!s) return 0;
	return khi_why(c) == 2 ? s->storedCombinedCRC : s->storedBlockCRC;
}
EXPORT("khi_crc_computed") uint32_t khi_crc_computed(khi_ctx *c) {
	const DState *s = (const DState *)c->strm.state;
	if (!s) return 0;
	return khi_why(c) == 2 ? s->calculatedCombinedCRC : s->calculatedBlockCRC;
}
