#!/usr/bin/env bash
# `deno task bench`: every benchmark, each reported against a baseline measured in the same run.
# Every benchmark runs even when an earlier one misses its target; the misses are listed at the
# end, and the exit status is 1 when there is any.
set -uo pipefail
cd "$(dirname "$0")/.."
misses=()
run() {
  local name="$1"
  shift
  echo "== $name"
  if ! "$@"; then misses+=("$name"); fi
  echo
}
redact() {
  local home flags status
  home=$(mktemp -d)
  deno task -q build &&
    flags=$(OMNIMANCER_HOME="$home" deno run -q --allow-env --allow-read scripts/print_launch_flags.ts "$PWD") &&
    OMN_CMD="env OMNIMANCER_HOME=$home deno run -q $flags build/main.js redact" bash scripts/bench_redact.sh
  status=$?
  rm -rf "$home"
  return "$status"
}
run "start-up: omn --help and omn ask --provider mock ≤ 2×, omn redact </dev/null ≤ 1.5× (baseline: deno run of an empty script, interleaved); the ask with 2,000 conversations ≤ 1.2× the ask with none" \
  bash scripts/bench_startup.sh
run "deno task omn --version, warm (baseline: deno run of an empty script; target ≤ 6×)" \
  bash scripts/bench_launch.sh
run "omn ask against a local OpenAI fake, streamed, ≤ 2× (stretch 1.5×) (baseline: a 20-line fetch script making the same request, interleaved)" \
  bash scripts/bench_ask.sh
run "omn batch: 1,000 prompts, concurrency 16, a fake answering in 50 ms (baseline: the ideal 3.125 s)" \
  bash scripts/bench_batch.sh
run "omn ask memory while a fake streams a 256 MiB reply (baseline: omn ask on the mock)" \
  bash scripts/bench_reply_memory.sh
run "omn redact on a 124 MB log (baseline: sed -E with the four naive patterns, interleaved; target ≥ 20×, peak RSS < 100 MB)" redact
if [ "${#misses[@]}" -gt 0 ]; then
  echo "Missed targets (${#misses[@]}):"
  printf '  - %s\n' "${misses[@]}"
  exit 1
fi
echo "Every benchmark met its target."
