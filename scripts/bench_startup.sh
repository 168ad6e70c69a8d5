#!/usr/bin/env bash
# Start-up cost of omn against a bare `deno run` of an empty script, measured in the same run.
# Usage: scripts/bench_startup.sh   (needs hyperfine; installed with apt when run as root)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_bench_tools.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "" > "$work/empty.ts"
export OMNIMANCER_HOME="$work/home"
flags=$(deno run -q --allow-env --allow-read scripts/print_launch_flags.ts "$PWD")
hyperfine --warmup 3 --runs 20 --style basic --export-json "$work/startup.json" \
  -n "deno run empty.ts" "deno run -q $work/empty.ts" \
  -n "omn --version" "deno run -q $flags build/main.js --version" \
  -n "omn redact </dev/null" "deno run -q $flags build/main.js redact </dev/null" \
  -n "omn --help" "deno run -q $flags build/main.js --help" \
  -n "omn ask (mock)" "deno run -q $flags build/main.js ask --provider mock hi </dev/null" >&2
deno run -q --allow-read scripts/report_ratios.ts "$work/startup.json" "deno run empty.ts"
