#!/usr/bin/env bash
# `deno task bench`: every benchmark, each reported against a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== start-up (baseline: deno run of an empty script)"
bash scripts/bench_startup.sh
echo
echo "== omn ask against a local OpenAI fake (baseline: a 20-line fetch script making the same request)"
bash scripts/bench_ask.sh
echo
echo "== omn batch: 1,000 prompts, concurrency 16, a fake answering in 50 ms (baseline: the ideal 3.125 s)"
bash scripts/bench_batch.sh
echo
echo "== omn ask memory while a fake streams a 256 MiB reply (baseline: omn ask on the mock)"
bash scripts/bench_reply_memory.sh
echo
echo "== omn redact on a 100 MB log (baseline: sed -E with the four naive patterns)"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
deno task -q build
flags=$(OMNIMANCER_HOME="$home" deno run -q --allow-env --allow-read scripts/print_launch_flags.ts "$PWD")
OMN_CMD="env OMNIMANCER_HOME=$home deno run -q $flags build/main.js redact" bash scripts/bench_redact.sh
