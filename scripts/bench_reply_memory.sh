#!/usr/bin/env bash
# The memory of `omn ask` while a local fake streams a long reply (256 MiB unless
# REPLY_MIB says otherwise): the peak resident size in each output mode, against the
# peak of `omn ask` on a one-line reply (the baseline). The reply streams out and omn keeps
# only its first MAX_KEPT_REPLY_LENGTH characters; V8's live heap stays flat, but the peak of the
# json and stream-json modes still grows with the reply's length outside it (SECURITY.md gives
# the figures). Reported, not judged.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_bench_tools.sh
work=$(mktemp -d)
mib=${REPLY_MIB:-256}
deno run -q --allow-net=127.0.0.1 scripts/_bench_long_reply_server.ts "$mib" > "$work/url" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
base=$(cat "$work/url")
key="sk-proj-$(printf 'BENCHbench%.0s' {1..6})T3BlbkFJ$(printf 'BENCHbench%.0s' {1..6})"
export OMNIMANCER_HOME="$work/home" OPENAI_API_KEY="$key"
flags=$(deno run -q --allow-env --allow-read scripts/print_launch_flags.ts "$PWD")
peak() { # label, then the omn arguments: prints the peak resident size in MiB
  local label=$1
  shift
  /usr/bin/time -f %M -o "$work/rss" deno run -q $flags build/main.js "$@" </dev/null >/dev/null
  printf '%-40s %6d MiB\n' "$label" $(($(cat "$work/rss") / 1024))
}
peak "baseline: omn ask --provider mock" ask --provider mock hi
for output in text json stream-json; do
  peak "omn ask --output $output ($mib MiB reply)" ask --provider openai --base-url "$base" --output "$output" hi
done
