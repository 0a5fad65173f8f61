#!/usr/bin/env bash
# Builds codebase-mcp's optimized tree-sitter parser library (optional; about 2.5x faster parsing, which is most of
# the time to make a repository searchable by keywords).
#
# Why: the tree-sitter runtime inside the Java binding (io.github.bonede:tree-sitter) is compiled without
# optimization and with assertions. This script compiles the same runtime with -O2 from Debian's source package,
# together with codebase-mcp's JNI glue (src/main/c/codebase_mcp_treesitter.c), into
#   ${CODEBASE_MCP_NATIVE_DIR:-$HOME/.cache/codebase-mcp/native}/libcodebase_mcp_treesitter.so
# where the server finds it (the `doctor` command says which parser is in use). Without it, or with
# CODEBASE_MCP_NATIVE_PARSER=off, the binding's own parser is used: the same chunks, only slower.
#
# Needs: gcc (or $CC), a JDK (JAVA_HOME, else the one `javac` belongs to) for jni.h, curl, xz. Linux only.
# Idempotent: does nothing when the library is already built from the same sources. --force rebuilds.
set -euo pipefail

readonly TS_VERSION="0.26.11"
readonly TS_TARBALL="tree-sitter_${TS_VERSION}.orig.tar.xz"
readonly TS_SHA256="2e6da1913758d3d404d0c862013ef7302cdca5248f5e1927c908118684fedf24"
readonly MIRROR="${CODEBASE_MCP_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
readonly OUT_DIR="${CODEBASE_MCP_NATIVE_DIR:-$HOME/.cache/codebase-mcp/native}"
readonly LIB="$OUT_DIR/libcodebase_mcp_treesitter.so"
readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly GLUE="$ROOT/src/main/c/codebase_mcp_treesitter.c"

log() { printf 'build-native-parser: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

[[ "$(uname -s)" == Linux ]] || die "only Linux is supported; elsewhere codebase-mcp uses the binding's parser"
CC="${CC:-gcc}"
command -v "$CC" >/dev/null 2>&1 || die "no C compiler ($CC); install gcc (Debian: apt-get install gcc) or set CC"
command -v curl >/dev/null 2>&1 || die "curl is needed to download the tree-sitter sources"

java_home="${JAVA_HOME:-}"
if [[ -z "$java_home" ]]; then
  # shellcheck source=../bin/lib/jdk.sh
  . "$ROOT/bin/lib/jdk.sh"
  java_home="$(cbm_find_jdk 2>/dev/null || true)"
fi
[[ -n "$java_home" && -f "$java_home/include/jni.h" ]] \
  || die "no jni.h: set JAVA_HOME to a JDK (not a JRE), e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64"

# The library is rebuilt when the glue or the pinned runtime changes.
stamp="$(printf '%s %s %s' "$TS_VERSION" "$(sha256sum "$GLUE" | cut -d' ' -f1)" "$CC" | sha256sum | cut -d' ' -f1)"
if ((force == 0)) && [[ -f "$LIB" && -f "$LIB.stamp" && "$(cat "$LIB.stamp")" == "$stamp" ]]; then
  printf 'native parser already built: %s (tree-sitter %s)\n' "$LIB" "$TS_VERSION"
  exit 0
fi

mkdir -p "$OUT_DIR"
work="$(mktemp -d "${TMPDIR:-/tmp}/codebase-mcp-native.XXXXXX")"
trap 'rm -rf "$work"' EXIT

archive="$OUT_DIR/$TS_TARBALL"
if [[ ! -f "$archive" ]] || [[ "$(sha256sum "$archive" | cut -d' ' -f1)" != "$TS_SHA256" ]]; then
  url="$MIRROR/pool/main/t/tree-sitter/$TS_TARBALL"
  log "downloading $url"
  curl -fsSL --retry 3 -o "$work/$TS_TARBALL" "$url" \
    || die "cannot download $url; set CODEBASE_MCP_DEBIAN_MIRROR to a Debian mirror that still has tree-sitter $TS_VERSION"
  got="$(sha256sum "$work/$TS_TARBALL" | cut -d' ' -f1)"
  [[ "$got" == "$TS_SHA256" ]] || die "SHA-256 of $TS_TARBALL is $got, expected $TS_SHA256; not using it"
  mv "$work/$TS_TARBALL" "$archive"
fi

tar -xJf "$archive" -C "$work"
src="$work/tree-sitter-$TS_VERSION/lib"
[[ -f "$src/src/lib.c" ]] || die "unexpected layout of $TS_TARBALL: no lib/src/lib.c"

log "compiling tree-sitter $TS_VERSION with -O2 and the JNI glue"
"$CC" -O2 -DNDEBUG -fPIC -shared -fvisibility=hidden -Wl,-Bsymbolic -std=gnu11 \
  -I "$src/include" -I "$src/src" -I "$java_home/include" -I "$java_home/include/linux" \
  "$src/src/lib.c" "$GLUE" -o "$work/lib.so" 2>"$work/cc.log" \
  || { cat "$work/cc.log" >&2; die "compilation failed (output above)"; }
# The JNI entry points must be exported despite -fvisibility=hidden (JNIEXPORT marks them default).
exported="$(nm -D --defined-only "$work/lib.so")"
grep -q 'Java_dev_codebasemcp_indexing_chunk_NativeParser_parse' <<<"$exported" \
  || die "the built library does not export the JNI functions"
mv "$work/lib.so" "$LIB"
printf '%s\n' "$stamp" >"$LIB.stamp"
printf 'native parser built: %s (tree-sitter %s)\n' "$LIB" "$TS_VERSION"
