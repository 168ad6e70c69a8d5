#!/usr/bin/env bash
# `omn ask` against a local OpenAI fake with a canned streamed reply, against a bare
# `deno run` of a 20-line fetch script making the same request, interleaved in the same run
# (scripts/bench_interleaved.ts). Target (ratio of medians) ≤ 2×, stretch ≤ 1.5×; exits 1 on a
# miss of the target.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_bench_tools.sh
work=$(mktemp -d)
# The fake and the fetch script run with a DENO_DIR of their own: Deno keeps the code it compiles
# for its own lazily loaded modules (web streams, which fetch uses) in DENO_DIR's code cache, and a
# run with other V8 flags than omn's (the script's are Deno's defaults) replaces omn's entries, so
# that omn, run next, compiled the streams module again every round (15 to 20 ms; seen as writes to
# v8_code_cache_v2 in each omn run after the script). A compiled omn has a code cache of its own.
baseline_dir="$work/baseline-deno-dir"
key="sk-proj-$(printf 'BENCHbench%.0s' {1..6})T3BlbkFJ$(printf 'BENCHbench%.0s' {1..6})"
DENO_DIR="$baseline_dir" deno run -q --allow-net=127.0.0.1 scripts/_bench_openai_server.ts "$key" \
  > "$work/url" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
base=$(cat "$work/url")
export OMNIMANCER_HOME="$work/home" OPENAI_API_KEY="$key"
flags=$(deno run -q --allow-env --allow-read scripts/print_launch_flags.ts "$PWD")
# stdin is /dev/null for every command.
deno run -q --allow-run --allow-write="$work" scripts/bench_interleaved.ts \
  --warmup 3 --runs "${BENCH_RUNS:-20}" --export-json "$work/ask.json" \
  -n "fetch script" \
  "env DENO_DIR=$baseline_dir deno run -q --allow-net=127.0.0.1 scripts/_bench_fetch_client.ts $base $key" \
  -n "omn ask (openai fake)" "deno run -q $flags build/main.js ask --provider openai --base-url $base hi"
deno run -q --allow-read scripts/report_ratios.ts "$work/ask.json" "fetch script" \
  --target "omn ask (openai fake)<=2" --stretch "omn ask (openai fake)<=1.5"
