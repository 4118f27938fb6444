#!/bin/sh
# Build the reference decoders to WebAssembly from Debian source packages (see README.md here).
#   scripts/wasm/build.sh            fetch (cached), verify, build every module into src/core/wasm/
#   scripts/wasm/build.sh xz         build one module
# Needs: apt-get, dpkg-source, clang-16, lld-16, wasi-libc (Debian packages). Network only for the fetch.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/src/core/wasm"
WORK=${KHI_WASM_WORK:-/tmp/khi-wasm}
SUITE=trixie

# Source packages: name, exact Debian version, orig tarball, its SHA-256.
PACKAGES='
xz-utils 5.8.1-1+deb13u1 xz-utils_5.8.1.orig.tar.xz 0b54f79df85912504de0b14aec7971e3f964491af1812d83447005807513cd9e
libzstd 1.5.7+dfsg-1 libzstd_1.5.7+dfsg.orig.tar.xz 0c092ef267edce57ba7f3f2645c861f72eaf5e76273c6c3632869423464b90a5
lz4 1.10.0-4 lz4_1.10.0.orig.tar.gz 537512904744b35e232912055ccf8ec66d768639ff3abe5788d90d792ec5f48b
zlib 1:1.3.dfsg+really1.3.1-1 zlib_1.3.dfsg+really1.3.1.orig.tar.gz 60dd315c07f616887caa029408308a018ace66e3d142726a97db164b3b8f69fb
bzip2 1.0.8-6 bzip2_1.0.8.orig.tar.gz ab5a03176ee106d3f0fa90e381da478ddae405918153cca248e682cd0c4a2269
'

# --- fetch through a private apt configuration (deb-src for trixie); the system's apt is untouched
fetch() {
  mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/cache/archives/partial" "$WORK/src"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-$SUITE-stable.gpg] http://deb.debian.org/debian $SUITE main" \
    >"$WORK/apt/sources.list"
  set -- -o Dir::Etc::sourcelist="$WORK/apt/sources.list" -o Dir::Etc::sourceparts=/nonexistent \
    -o Dir::State::Lists="$WORK/apt/lists" -o Dir::Cache="$WORK/apt/cache" -o Dir::State::status=/dev/null
  need=0
  echo "$PACKAGES" | while read -r name ver orig sha; do
    [ -n "$name" ] || continue
    [ -f "$WORK/src/$orig" ] || echo missing
  done | grep -q missing && need=1
  if [ "$need" = 1 ]; then
    apt-get "$@" update
    echo "$PACKAGES" | while read -r name ver orig sha; do
      [ -n "$name" ] || continue
      (cd "$WORK/src" && apt-get "$@" source --download-only "$name=$ver")
    done
  fi
  echo "$PACKAGES" | while read -r name ver orig sha; do
    [ -n "$name" ] || continue
    echo "$sha  $WORK/src/$orig" | sha256sum -c - >/dev/null || { echo "SHA-256 mismatch: $orig" >&2; exit 1; }
    dir="$WORK/build/$name"
    if [ ! -d "$dir" ]; then
      mkdir -p "$WORK/build"
      dsc=$(ls "$WORK/src/${name}_"*"$(echo "$ver" | sed 's/^[0-9]*://')".dsc)
      dpkg-source -x "$dsc" "$dir.tmp" >/dev/null
      mv "$dir.tmp" "$dir"
    fi
    echo "$name $ver ($orig sha256 $sha)"
  done
}

# --- toolchain: Debian clang-16 + lld-16 + wasi-libc. PATH has no wasm-opt on purpose: clang runs
# one automatically when it finds it, and binaryen 108 rejects bulk-memory.
CC=/usr/lib/llvm-16/bin/clang
SYSROOT=/usr
mkdir -p "$WORK/bin"
ln -sf /usr/lib/llvm-16/bin/wasm-ld "$WORK/bin/wasm-ld"
CFLAGS="--target=wasm32-wasi --sysroot=$SYSROOT -isystem /usr/include/wasm32-wasi -L/usr/lib/wasm32-wasi
  -O3 -mbulk-memory -msign-ext -mnontrapping-fptoint -DNDEBUG -nostartfiles -Wno-unused-command-line-argument"
LDFLAGS="-Wl,--no-entry -Wl,--strip-all -Wl,-z,stack-size=65536 -Wl,--initial-memory=1048576"

wasm() { # out.wasm, then compiler arguments
  o=$1
  shift
  # shellcheck disable=SC2086
  PATH="$WORK/bin:/usr/bin:/bin" $CC $CFLAGS $LDFLAGS -o "$o" "$@"
  chmod 644 "$o"
  echo "built $(basename "$o"): $(wc -c <"$o") bytes, $(gzip -9c "$o" | wc -c) gzip"
}

build_xz() {
  L="$WORK/build/xz-utils/src/liblzma"
  S=""
  for f in common/common.c common/block_util.c common/block_decoder.c common/block_header_decoder.c \
    common/filter_common.c common/filter_decoder.c common/filter_flags_decoder.c \
    common/vli_decoder.c common/vli_size.c check/check.c check/crc32_fast.c check/crc64_fast.c check/sha256.c \
    lz/lz_decoder.c lzma/lzma_decoder.c lzma/lzma2_decoder.c \
    simple/simple_coder.c simple/simple_decoder.c simple/x86.c simple/powerpc.c simple/ia64.c simple/arm.c \
    simple/armthumb.c simple/arm64.c simple/sparc.c simple/riscv.c delta/delta_common.c delta/delta_decoder.c; do
    S="$S $L/$f"
  done
  # shellcheck disable=SC2086
  wasm "$OUT/xz.wasm" -DHAVE_CONFIG_H -I"$HERE/c/liblzma" -I"$L/api" -I"$L/common" \
    -I"$L/check" -I"$L/lz" -I"$L/rangecoder" -I"$L/lzma" -I"$L/delta" -I"$L/simple" -I"$L/../common" \
    $S "$HERE/c/xz.c"
}

build_zstd() {
  Z="$WORK/build/libzstd/lib"
  # shellcheck disable=SC2086
  wasm "$OUT/zstd.wasm" -DZSTD_DISABLE_ASM -DZSTD_LEGACY_SUPPORT=0 -DZSTD_NO_TRACE -DZSTD_STRIP_ERROR_STRINGS \
    -DXXH_NAMESPACE=ZSTD_ -I"$Z" -I"$Z/common" \
    "$Z/common/entropy_common.c" "$Z/common/error_private.c" "$Z/common/fse_decompress.c" \
    "$Z/common/xxhash.c" "$Z/common/zstd_common.c" "$Z/decompress/huf_decompress.c" \
    "$Z/decompress/zstd_ddict.c" "$Z/decompress/zstd_decompress.c" "$Z/decompress/zstd_decompress_block.c" \
    "$HERE/c/zstd.c"
}

build_lz4() {
  wasm "$OUT/lz4.wasm" -I"$WORK/build/lz4/lib" "$WORK/build/lz4/lib/lz4.c" "$HERE/c/lz4.c"
}

build_zlib() {
  Z="$WORK/build/zlib"
  wasm "$OUT/zlib.wasm" -DHAVE_STDARG_H -I"$Z" "$Z/inflate.c" "$Z/inftrees.c" "$Z/inffast.c" "$Z/crc32.c" \
    "$Z/adler32.c" "$Z/zutil.c" "$HERE/c/zlib.c"
}

build_bzip2() {
  B="$WORK/build/bzip2"
  wasm "$OUT/bzip2.wasm" -DBZ_NO_STDIO -I"$B" -include "$HERE/c/bzip2-hook.h" "$B/decompress.c" \
    "$B/huffman.c" "$B/randtable.c" "$B/crctable.c" "$B/bzlib.c" "$HERE/c/bzip2.c"
}

fetch
mkdir -p "$OUT"
for m in ${1:-xz zstd lz4 zlib bzip2}; do "build_$m"; done
