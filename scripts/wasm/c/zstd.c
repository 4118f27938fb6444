/*
 * kheaders-inspector glue over libzstd (Zstandard, BSD-3-Clause), decompression only: one
 * ZSTD_DCtx stepped by ZSTD_decompressStream() over buffers the caller owns inside this module's
 * memory (src/core/wasm/libzstd.ts). The frame's XXH64 checksum is verified by libzstd.
 */
#include <stdint.h>
#include <stdlib.h>
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_d_forceIgnoreChecksum */
#include "zstd.h"
#include "zstd_errors.h"

#define EXPORT(name) __attribute__((export_name(name)))

static uint32_t left_in, left_out;

EXPORT("khi_malloc") void *khi_malloc(uint32_t n) { return malloc(n ? n : 1); }
EXPORT("khi_free") void khi_free(void *p) { free(p); }

/* A decoding context that accepts windows up to 2 GiB (the format's limit for 32-bit hosts). */
EXPORT("khi_new") ZSTD_DCtx *khi_new(void) {
	ZSTD_DCtx *d = ZSTD_createDCtx();
	if (d) ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, 31);
	return d;
}

EXPORT("khi_end") void khi_end(ZSTD_DCtx *d) { ZSTD_freeDCtx(d); }

/*
 * Start a new frame (after an error or a frame decoded elsewhere); the window memory is kept.
 * `ignore_checksum` decodes without verifying XXH64 (to keep the data of a frame that failed it).
 */
EXPORT("khi_reset") int khi_reset(ZSTD_DCtx *d, int ignore_checksum) {
	if (ZSTD_isError(ZSTD_DCtx_reset(d, ZSTD_reset_session_only))) return -1;
	ZSTD_DCtx_setParameter(d, ZSTD_d_forceIgnoreChecksum, ignore_checksum ? ZSTD_d_ignoreChecksum : ZSTD_d_validateChecksum);
	return 0;
}

/*
 * One step from in[0..in_len) into out[0..out_len). Returns 0 when a frame is decoded and flushed,
 * > 0 while more is expected, or minus a ZSTD_ErrorCode.
 */
EXPORT("khi_code") int khi_code(ZSTD_DCtx *d, const uint8_t *in, uint32_t in_len, uint8_t *out, uint32_t out_len) {
	ZSTD_inBuffer i = {in, in_len, 0};
	ZSTD_outBuffer o = {out, out_len, 0};
	size_t r = ZSTD_decompressStream(d, &o, &i);
	left_in = in_len - (uint32_t)i.pos;
	left_out = out_len - (uint32_t)o.pos;
	if (ZSTD_isError(r)) return -(int)ZSTD_getErrorCode(r);
	return r == 0 ? 0 : r > 0x7fffffff ? 0x7fffffff : (int)r;
}

EXPORT("khi_avail_in") uint32_t khi_avail_in(ZSTD_DCtx *d) { (void)d; return left_in; }
EXPORT("khi_avail_out") uint32_t khi_avail_out(ZSTD_DCtx *d) { (void)d; return left_out; }
