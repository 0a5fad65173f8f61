#!/usr/bin/env bash
# Downloads the pinned source packages of the retrieval-quality evaluation (`codebase-mcp quality`) and unpacks
# them into ${CODEBASE_MCP_EVAL_DIR:-$HOME/.cache/codebase-mcp/eval}/corpora/<language>/<package>/.
# Idempotent: a package whose archive is present with the right SHA-256 is not downloaded again, and a package
# already unpacked (marker file) is not unpacked again. Every archive is checked against its pinned SHA-256.
#
# Sources: Maven Central (Java), Debian bookworm via apt-get download (Python, Go), the npm registry (JavaScript).
set -euo pipefail

EVAL_DIR="${CODEBASE_MCP_EVAL_DIR:-$HOME/.cache/codebase-mcp/eval}"
DL="$EVAL_DIR/downloads"
CORPORA="$EVAL_DIR/corpora"
mkdir -p "$DL" "$CORPORA"

# archive file | sha256 | how to fetch (maven:<url> | deb:<package>=<version> | npm:<url>)
PACKAGES=(
  "guava-33.3.1-jre-sources.jar|b7cbdad958b791f2a036abff7724570bf9836531c460966f8a3d0df8eaa1c21d|url:https://repo1.maven.org/maven2/com/google/guava/guava/33.3.1-jre/guava-33.3.1-jre-sources.jar"
  "python3-requests_2.28.1+dfsg-1_all.deb|c75b5c05d8d4a813bd83c3d432ffe65a2ca13e771bc91d4b9787690097598603|deb:python3-requests=2.28.1+dfsg-1"
  "python3-urllib3_1.26.12-1+deb12u4_all.deb|9dd6fef10317e437f2195cb5ea8b38d8e39e02106c5fda7b16d58b4bb9a85886|deb:python3-urllib3=1.26.12-1+deb12u4"
  "python3-click_8.1.3-2_all.deb|c3af7e231d711f7fdb9a2fac4954061fe423ea517279bc30bf95a0920738279b|deb:python3-click=8.1.3-2"
  "axios-1.7.9.tgz|634e3ed585d7c8857f00cb7556f79422614e8defd008f8bb34b6018c1faefa0f|url:https://registry.npmjs.org/axios/-/axios-1.7.9.tgz"
  "express-4.21.2.tgz|fc43a91e7dc7affb53c6ad7123a4f35485ed3c45226ae7a3847b7738e783e008|url:https://registry.npmjs.org/express/-/express-4.21.2.tgz"
  "lodash-es-4.17.21.tgz|777598ac703f02b403ef678cd11bce2150ad788f35c774ea7c9cc241a892cb7b|url:https://registry.npmjs.org/lodash-es/-/lodash-es-4.17.21.tgz"
  "golang-github-spf13-cobra-dev_1.6.1-1_all.deb|4f5d20855133319beef3c5b49d3c21a0406f270bf94fb4b6f4d406b691283cb2|deb:golang-github-spf13-cobra-dev=1.6.1-1"
  "golang-github-spf13-pflag-dev_1.0.6~git20210604-d5e0c0615ace-1_all.deb|bd1c3c2a3e47512a64da02ebea900eb5a3f3c5d386e559d5718a3a935c0ea570|deb:golang-github-spf13-pflag-dev=1.0.6~git20210604-d5e0c0615ace-1"
  "golang-github-gorilla-mux-dev_1.8.0-1_all.deb|0880a4019fe68496a0e0a749c2948c029e489f49edd448bed2fedaba33f848c2|deb:golang-github-gorilla-mux-dev=1.8.0-1"
  "golang-github-sirupsen-logrus-dev_1.9.0-1_all.deb|51fb87b05452e96be38b97c03d5f997f6ce3a144421f911338d6c4ea2e8aa118|deb:golang-github-sirupsen-logrus-dev=1.9.0-1"
)

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

fetch() {
  local file="$1" sha="$2" how="$3"
  if sha_ok "$DL/$file" "$sha"; then
    return
  fi
  rm -f "$DL/$file"
  case "$how" in
    url:*) curl -sSfL --retry 3 -o "$DL/$file.part" "${how#url:}" && mv "$DL/$file.part" "$DL/$file" ;;
    deb:*)
      # apt-get download writes into the current directory; the _apt sandbox user may not write there (harmless).
      (cd "$DL" && apt-get download -q "${how#deb:}" 2>&1 | grep -v 'unsandboxed' >&2 || true)
      # apt names the file with the version's epoch-free form; '~' and '+' stay, ':' would become %3a.
      ;;
    *) echo "unknown source $how" >&2; exit 1 ;;
  esac
  if ! sha_ok "$DL/$file" "$sha"; then
    echo "error: $file is missing or its SHA-256 is not $sha (source: $how)" >&2
    exit 1
  fi
  echo "fetched $file"
}

# unpack <archive> <language> <package> <directory inside the archive> <parts of it to keep, space-separated>
unpack() {
  local file="$1" lang="$2" pkg="$3" base="$4" parts="$5"
  local dest="$CORPORA/$lang/$pkg" marker="$CORPORA/$lang/.$pkg.unpacked"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$file:$base:$parts" ]; then
    return
  fi
  local tmp part
  tmp="$(mktemp -d "$EVAL_DIR/unpack.XXXXXX")"
  case "$file" in
    *.jar) (cd "$tmp" && unzip -q "$DL/$file") ;;
    *.deb) dpkg-deb -x "$DL/$file" "$tmp" ;;
    *.tgz) tar xzf "$DL/$file" -C "$tmp" ;;
  esac
  rm -rf "$dest"
  mkdir -p "$dest"
  for part in $parts; do
    if [ -d "$tmp/$base/$part" ]; then
      mkdir -p "$dest/$part"
      cp -r "$tmp/$base/$part/." "$dest/$part/"
    else
      mkdir -p "$dest/$(dirname "$part")"
      cp "$tmp/$base/$part" "$dest/$part"
    fi
  done
  rm -rf "$tmp"
  echo "$file:$base:$parts" > "$marker"
  echo "unpacked $lang/$pkg ($(find "$dest" -type f | wc -l) files)"
}

for entry in "${PACKAGES[@]}"; do
  IFS='|' read -r file sha how <<< "$entry"
  fetch "$file" "$sha" "$how"
done

# Whole packages (not only the files that hold answers), so that every query has realistic distractors.
unpack guava-33.3.1-jre-sources.jar java guava . "com/google/common/base com/google/common/primitives com/google/common/math"
unpack python3-requests_2.28.1+dfsg-1_all.deb python requests usr/lib/python3/dist-packages/requests .
unpack python3-urllib3_1.26.12-1+deb12u4_all.deb python urllib3 usr/lib/python3/dist-packages/urllib3 .
unpack python3-click_8.1.3-2_all.deb python click usr/lib/python3/dist-packages/click .
unpack axios-1.7.9.tgz javascript axios package lib
unpack express-4.21.2.tgz javascript express package "lib index.js"
unpack lodash-es-4.17.21.tgz javascript lodash-es package .
unpack golang-github-spf13-cobra-dev_1.6.1-1_all.deb go cobra usr/share/gocode/src/github.com/spf13/cobra .
unpack golang-github-spf13-pflag-dev_1.0.6~git20210604-d5e0c0615ace-1_all.deb go pflag usr/share/gocode/src/github.com/spf13/pflag .
unpack golang-github-gorilla-mux-dev_1.8.0-1_all.deb go mux usr/share/gocode/src/github.com/gorilla/mux .
unpack golang-github-sirupsen-logrus-dev_1.9.0-1_all.deb go logrus usr/share/gocode/src/github.com/sirupsen/logrus .

echo "corpora ready in $CORPORA"
