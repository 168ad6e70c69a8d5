#!/usr/bin/env bash
# Installs a downloaded omn binary after checking it against SHA256SUMS.
#
# Usage: scripts/install.sh BINARY [--sums SHA256SUMS] [--prefix DIR]
#   BINARY   the downloaded file, e.g. omn-x86_64-unknown-linux-gnu
#   --sums   the SHA256SUMS file published with it (default: SHA256SUMS beside BINARY)
#   --prefix where to install "omn" (default: ~/.local/bin)
set -euo pipefail

binary="" sums="" prefix="${HOME}/.local/bin"
while [ $# -gt 0 ]; do
  case "$1" in
    --sums) sums="$2"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) binary="$1"; shift ;;
  esac
done
[ -n "$binary" ] || { echo "error: name the downloaded binary: install.sh omn-<target> [--sums SHA256SUMS]" >&2; exit 2; }
[ -f "$binary" ] || { echo "error: no such file: $binary" >&2; exit 2; }
[ -n "$sums" ] || sums="$(dirname "$binary")/SHA256SUMS"
[ -f "$sums" ] || { echo "error: no checksum file \"$sums\": download SHA256SUMS with the binary, or pass --sums" >&2; exit 3; }

name="$(basename "$binary")"
expected="$(awk -v name="$name" '$2 == name || $2 == "*" name { print $1 }' "$sums")"
[ -n "$expected" ] || { echo "error: \"$name\" is not listed in \"$sums\"" >&2; exit 3; }
if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "$binary" | cut -d' ' -f1)"
else
  actual="$(shasum -a 256 "$binary" | cut -d' ' -f1)"
fi
if [ "$actual" != "$expected" ]; then
  echo "error: checksum mismatch for \"$name\": expected $expected, got $actual; nothing was installed" >&2
  exit 3
fi

mkdir -p "$prefix"
install -m 0755 "$binary" "$prefix/omn.tmp.$$"
mv -f "$prefix/omn.tmp.$$" "$prefix/omn"
echo "Installed $prefix/omn (sha256 $actual)"
case ":$PATH:" in *":$prefix:"*) ;; *) echo "Add $prefix to your PATH." ;; esac
cat <<EOT
Shell completions:
  bash: omn completions bash > ~/.local/share/bash-completion/completions/omn
  zsh:  omn completions zsh > "\${fpath[1]}/_omn"   (a directory on your \$fpath)
  fish: omn completions fish > ~/.config/fish/completions/omn.fish
EOT
