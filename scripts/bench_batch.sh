#!/usr/bin/env bash
# `omn batch`: 1,000 prompts at --concurrency 16 against a local OpenAI fake that answers each
# in 50 ms. The ideal is 1,000 / 16 × 50 ms = 3.125 s; the run must take at most 1.3× that,
# start-up included, with a peak RSS under 200 MB. Prints the ratio and the peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_bench_tools.sh
items=1000 concurrency=16 delay_ms=50
work=$(mktemp -d)
key="sk-proj-$(printf 'BENCHbench%.0s' {1..6})T3BlbkFJ$(printf 'BENCHbench%.0s' {1..6})"
deno run -q --allow-net=127.0.0.1 scripts/_bench_batch_server.ts "$key" "$delay_ms" > "$work/url" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
base=$(cat "$work/url")
for i in $(seq "$items"); do printf '{"id":%d,"prompt":"summarise item %d"}\n' "$i" "$i"; done > "$work/in.jsonl"
export OMNIMANCER_HOME="$work/home" OPENAI_API_KEY="$key"
flags=$(deno run -q --allow-env --allow-read scripts/print_launch_flags.ts "$work")
# Run from the work directory, whose ./.env the permission flags name.
batch="cd $work && deno run -q $flags $PWD/build/main.js batch --job bench --provider openai --base-url $base --concurrency $concurrency"
hyperfine --warmup 1 --runs 5 --style basic --export-json "$work/batch.json" \
  --prepare "rm -rf $work/home/jobs" \
  -n "omn batch ($items × ${delay_ms} ms, concurrency $concurrency)" "$batch < in.jsonl > out.jsonl" >&2
rm -rf "$work/home/jobs"
/usr/bin/time -f "%M" -o "$work/rss" sh -c "$batch < in.jsonl > out.jsonl 2> err.txt"
results=$(wc -l < "$work/out.jsonl")
[ "$results" -eq "$items" ] || { echo "expected $items results, got $results" >&2; exit 1; }
deno run -q --allow-read scripts/report_batch_bench.ts "$work/batch.json" "$work/rss" \
  "$items" "$concurrency" "$delay_ms"
