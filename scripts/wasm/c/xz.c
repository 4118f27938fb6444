/*
 * kheaders-inspector glue over liblzma (XZ Utils, 0BSD): one xz Block, or the raw LZMA1 data of one lzma-alone stream,
 * decoded by lzma_code() in steps the caller chooses. The caller (src/core/wasm/xz.ts) owns the
 * input and output buffers inside this module's memory and copies the output out after each step.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lzma_decoder.h" /* liblzma internals first (LZMA_API), lzma_lzma_lclppb_decode */
#include "lzma.h"

#define EXPORT(name) __attribute__((export_name(name)))

typedef struct {
	lzma_stream strm;
	lzma_block block;
	lzma_filter filters[LZMA_FILTERS_MAX + 1];
	int has_filters;
} khi_ctx;

EXPORT("khi_malloc") void *khi_malloc(uint32_t n) { return malloc(n ? n : 1); }
EXPORT("khi_free") void khi_free(void *p) { free(p); }

EXPORT("khi_new") khi_ctx *khi_new(void) {
	khi_ctx *c = calloc(1, sizeof(khi_ctx));
	if (c) {
		const lzma_stream init = LZMA_STREAM_INIT;
		c->strm = init;
	}
	return c;
}

static void free_filters(khi_ctx *c) {
	if (!c->has_filters) return;
	for (int i = 0; c->filters[i].id != LZMA_VLI_UNKNOWN; i++) free(c->filters[i].options);
	c->has_filters = 0;
}

EXPORT("khi_end") void khi_end(khi_ctx *c) {
	lzma_end(&c->strm);
	free_filters(c);
	free(c);
}

static lzma_vli vli(double v) { return v < 0 ? LZMA_VLI_UNKNOWN : (lzma_vli)v; }

/*
 * Start one xz Block. `hdr` is the Block Header (its first byte gives its size), `check` the
 * stream's check ID. Sizes < 0 mean unknown. `dict_cap` > 0 lowers the LZMA2 dictionary to at most
 * that many bytes (a match cannot reach before the block's start, so the block's own size is
 * enough). Returns an lzma_ret; the decoder then reads Compressed Data, Block Padding and Check.
 */
EXPORT("khi_block_init")
int khi_block_init(khi_ctx *c, const uint8_t *hdr, uint32_t check, double csize, double usize,
		double dict_cap) {
	free_filters(c);
	memset(&c->block, 0, sizeof(c->block));
	c->block.version = 1;
	c->block.check = (lzma_check)check;
	c->block.header_size = lzma_block_header_size_decode(hdr[0]);
	c->block.filters = c->filters;
	lzma_ret r = lzma_block_header_decode(&c->block, NULL, hdr);
	if (r != LZMA_OK) return r;
	c->has_filters = 1;
	if (csize >= 0) c->block.compressed_size = vli(csize);
	if (usize >= 0) c->block.uncompressed_size = vli(usize);
	for (int i = 0; c->filters[i].id != LZMA_VLI_UNKNOWN; i++) {
		if (c->filters[i].id == LZMA_FILTER_LZMA2 && dict_cap > 0) {
			lzma_options_lzma *o = c->filters[i].options;
			uint32_t cap = dict_cap < 4096 ? 4096 : dict_cap > 0xFFFFFFF0u ? 0xFFFFFFF0u : (uint32_t)dict_cap;
			if (o->dict_size > cap) o->dict_size = cap;
		}
	}
	return lzma_block_decoder(&c->strm, &c->block);
}

/*
 * Start a raw LZMA1 stream (what follows the 13-byte lzma-alone header): `props` is the header's
 * lc/lp/pb byte, `dict` the dictionary size (the caller may lower it to the output it allows),
 * `size` the uncompressed size (< 0: unknown, then only the end marker ends the stream). With a
 * known size, `allow_eopm` also accepts an end marker right after the last byte.
 */
EXPORT("khi_lzma1_init")
int khi_lzma1_init(khi_ctx *c, uint32_t props, uint32_t dict, double size, int allow_eopm) {
	free_filters(c);
	lzma_options_lzma *o = calloc(1, sizeof(*o));
	if (!o) return LZMA_MEM_ERROR;
	if (lzma_lzma_lclppb_decode(o, (uint8_t)props)) {
		free(o);
		return LZMA_OPTIONS_ERROR;
	}
	o->dict_size = dict < 4096 ? 4096 : dict;
	if (size < 0) {
		o->ext_size_low = UINT32_MAX;
		o->ext_size_high = UINT32_MAX;
	} else {
		uint64_t n = (uint64_t)size;
		o->ext_size_low = (uint32_t)n;
		o->ext_size_high = (uint32_t)(n >> 32);
		o->ext_flags = allow_eopm ? LZMA_LZMA1EXT_ALLOW_EOPM : 0;
	}
	c->filters[0].id = LZMA_FILTER_LZMA1EXT;
	c->filters[0].options = o;
	c->filters[1].id = LZMA_VLI_UNKNOWN;
	c->has_filters = 1;
	return lzma_raw_decoder(&c->strm, c->filters);
}

/* One step: decode from in[0..in_len) into out[0..out_len). Returns an lzma_ret. */
EXPORT("khi_code")
int khi_code(khi_ctx *c, const uint8_t *in, uint32_t in_len, uint8_t *out, uint32_t out_len, int finish) {
	c->strm.next_in = in;
	c->strm.avail_in = in_len;
	c->strm.next_out = out;
	c->strm.avail_out = out_len;
	return lzma_code(&c->strm, finish ? LZMA_FINISH : LZMA_RUN);
}

EXPORT("khi_avail_in") uint32_t khi_avail_in(khi_ctx *c) { return c->strm.avail_in; }
EXPORT("khi_avail_out") uint32_t khi_avail_out(khi_ctx *c) { return c->strm.avail_out; }
