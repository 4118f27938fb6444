/*
 * kheaders-inspector glue over liblz4 (LZ4, BSD-2-Clause): one raw LZ4 block of the legacy frame
 * (`lz4 -l`, the kernel's lz4) at a time, LZ4_decompress_safe() from an input buffer into an
 * 8 MiB output buffer that both live in this module's memory (src/core/wasm/liblz4.ts).
 */
#include <stdint.h>
#include <stdlib.h>
#include "lz4.h"

#define EXPORT(name) __attribute__((export_name(name)))

#define BLOCK_OUT (8 << 20)
#define BLOCK_IN (BLOCK_OUT + BLOCK_OUT / 255 + 16) /* LZ4_COMPRESSBOUND(8 MiB) */

typedef struct {
	char *src;
	char *dst;
} khi_ctx;

EXPORT("khi_malloc") void *khi_malloc(uint32_t n) { return malloc(n ? n : 1); }
EXPORT("khi_free") void khi_free(void *p) { free(p); }

EXPORT("khi_new") khi_ctx *khi_new(void) {
	khi_ctx *c = calloc(1, sizeof(khi_ctx));
	if (!c) return 0;
	c->src = malloc(BLOCK_IN);
	c->dst = malloc(BLOCK_OUT);
	if (!c->src || !c->dst) {
		free(c->src);
		free(c->dst);
		free(c);
		return 0;
	}
	return c;
}

EXPORT("khi_src") char *khi_src(khi_ctx *c) { return c->src; }
EXPORT("khi_dst") char *khi_dst(khi_ctx *c) { return c->dst; }

/*
 * Decode src[0..len) into dst (at most 8 MiB). `whole` = 0: the block is cut short; decode what
 * its bytes allow. Returns the output size, or -(the input position of the damage) - 1.
 */
EXPORT("khi_block") int khi_block(khi_ctx *c, int len, int whole) {
	if (whole) return LZ4_decompress_safe(c->src, c->dst, len, BLOCK_OUT);
	return LZ4_decompress_safe_partial(c->src, c->dst, len, BLOCK_OUT, BLOCK_OUT);
}
