#!/usr/bin/env bash
# Start-up cost of omn (the bundle under the release permission set, as users run it) against a
# bare `deno run` of an empty script, interleaved in the same run (scripts/bench_interleaved.ts).
# Targets (ratio of medians): omn --help ≤ 2×, omn ask --provider mock ≤ 2×, omn redact with
# nothing to redact ≤ 1.5×. Last, the same ask with a month of history (2,000 conversations,
# scripts/_bench_history_fill.ts) against the ask with none: ≤ 1.2× (every ask prunes the history).
# Every figure is reported; exits 1 when one misses its target.
# Usage: scripts/bench_startup.sh   (BENCH_RUNS=N for more or fewer rounds; default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_bench_tools.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "" > "$work/empty.ts"
export OMNIMANCER_HOME="$work/home"
flags=$(deno run -q --allow-env --allow-read scripts/print_launch_flags.ts "$PWD")
omn="deno run -q $flags build/main.js"
history="$work/history"
mkdir -m 700 "$history"
deno run -q --allow-read="$history" --allow-write="$history" scripts/_bench_history_fill.ts "$history" 2000
history_flags=$(OMNIMANCER_HOME="$history" deno run -q --allow-env --allow-read scripts/print_launch_flags.ts "$PWD")
# stdin is /dev/null for every command.
deno run -q --allow-run --allow-write="$work" scripts/bench_interleaved.ts \
  --warmup 3 --runs "${BENCH_RUNS:-20}" --export-json "$work/startup.json" \
  -n "deno run empty.ts" "deno run -q $work/empty.ts" \
  -n "omn --version" "$omn --version" \
  -n "omn redact </dev/null" "$omn redact" \
  -n "omn --help" "$omn --help" \
  -n "omn ask (mock)" "$omn ask --provider mock hi" \
  -n "omn ask (mock, 2k history)" \
  "env OMNIMANCER_HOME=$history deno run -q $history_flags build/main.js ask --provider mock hi"
status=0
deno run -q --allow-read scripts/report_ratios.ts "$work/startup.json" "deno run empty.ts" \
  --target "omn --help<=2" --target "omn ask (mock)<=2" --target "omn redact </dev/null<=1.5" ||
  status=1
echo "The ask with a month of history, against the ask with none:"
deno run -q --allow-read scripts/report_ratios.ts "$work/startup.json" "omn ask (mock)" \
  --target "omn ask (mock, 2k history)<=1.2" || status=1
exit "$status"
