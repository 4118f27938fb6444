/*
 * Forced include (-include) for the libbz2 sources: the one place libbz2 finalises a decoded
 * block's CRC (BZ2_bzDecompress, just before comparing it with the stored one) also calls
 * khi_bz_block_end(), so the glue (bzip2.c) knows the output and input positions of every block
 * boundary and can keep only verified blocks when a later block fails its CRC.
 */
#include "bzlib_private.h"
#undef BZ_FINALISE_CRC
#define BZ_FINALISE_CRC(crcVar) \
	{                           \
		crcVar = ~(crcVar);     \
		khi_bz_block_end();     \
	}
void khi_bz_block_end(void);
