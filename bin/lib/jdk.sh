# Finds a JDK 21+ and prints its home. Sourced by bin/codebase-mcp and bin/test.
# Order: CODEBASE_MCP_JAVA_HOME, JAVA_HOME, `java` on PATH, then common install locations (highest version wins).

_cbm_major() { # $1 = JDK home; prints the major version or nothing
  local home=$1 v=""
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" | head -n1)
  fi
  if [ -z "$v" ] && [ -x "$home/bin/java" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  echo "$v"
}

_cbm_ok() { # $1 = JDK home; true when it has java and javac of version 21+
  local m
  [ -x "$1/bin/java" ] || return 1
  m=$(_cbm_major "$1")
  [ -n "$m" ] && [ "$m" -ge 21 ]
}

cbm_find_jdk() {
  local c best="" best_v=0 v
  for c in "${CODEBASE_MCP_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    if [ -n "$c" ] && _cbm_ok "$c"; then echo "$c"; return 0; fi
  done
  if command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if _cbm_ok "$c"; then echo "$c"; return 0; fi
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home \
           "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/*; do
    [ -d "$c" ] || continue
    if _cbm_ok "$c"; then
      v=$(_cbm_major "$c")
      if [ "$v" -gt "$best_v" ]; then best=$c; best_v=$v; fi
    fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  cat >&2 <<'MSG'
codebase-mcp needs a Java 21 or newer JDK, and none was found.
Install one (for example `sudo apt install openjdk-21-jdk`, `brew install openjdk@21` or https://adoptium.net),
then either put its bin/ first on PATH or set JAVA_HOME (or CODEBASE_MCP_JAVA_HOME) to its home directory.
MSG
  return 1
}
