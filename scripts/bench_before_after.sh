#!/usr/bin/env bash
# Start-up before and after a change, in one interleaved run (scripts/bench_interleaved.ts): the
# bundle of git revision REV (default main) and this tree's bundle, each under the release
# permission set, for the commands of scripts/bench_startup.sh and scripts/bench_ask.sh, with
# both baselines (a bare `deno run` of an empty script, a 20-line fetch script). Reports every
# figure as a ratio to each baseline; measures only, never fails on a target.
# Usage: scripts/bench_before_after.sh [REV]   (BENCH_RUNS=N rounds; default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_bench_tools.sh
rev="${1:-main}"
work=$(mktemp -d)
# The fake and the fetch script run with a DENO_DIR of their own, so that their runs (Deno's
# default V8 flags) never replace the code cache entries of omn's (see scripts/bench_ask.sh).
baseline_dir="$work/baseline-deno-dir"
before="$work/before"
mkdir -p "$before"
git archive "$rev" | tar -x -C "$before"
(cd "$before" && deno task -q build)
echo "" > "$work/empty.ts"
key="sk-proj-$(printf 'BENCHbench%.0s' {1..6})T3BlbkFJ$(printf 'BENCHbench%.0s' {1..6})"
DENO_DIR="$baseline_dir" deno run -q --allow-net=127.0.0.1 scripts/_bench_openai_server.ts "$key" \
  > "$work/url" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
base=$(cat "$work/url")
export OMNIMANCER_HOME="$work/home" OPENAI_API_KEY="$key"
# Each tree's own script: the bundle directory it grants is its own.
flags_before=$(deno run -q --allow-env --allow-read "$before/scripts/print_launch_flags.ts" "$before")
flags_after=$(deno run -q --allow-env --allow-read scripts/print_launch_flags.ts "$PWD")
old="deno run -q $flags_before $before/build/main.js"
new="deno run -q $flags_after $PWD/build/main.js"
commands=(-n "deno run empty.ts" "deno run -q $work/empty.ts"
  -n "fetch script" \
  "env DENO_DIR=$baseline_dir deno run -q --allow-net=127.0.0.1 scripts/_bench_fetch_client.ts $base $key")
for command in "--version" "redact" "--help" "ask --provider mock hi" \
  "ask --provider openai --base-url $base hi"; do
  name="${command%% --base-url*}"
  commands+=(-n "before: omn $name" "$old $command" -n "after: omn $name" "$new $command")
done
# stdin is /dev/null for every command.
deno run -q --allow-run --allow-write="$work" scripts/bench_interleaved.ts \
  --warmup 3 --runs "${BENCH_RUNS:-20}" --export-json "$work/all.json" "${commands[@]}"
echo "before: $(git rev-parse --short "$rev") ($rev); after: this tree"
deno run -q --allow-read scripts/report_ratios.ts "$work/all.json" "deno run empty.ts"
echo "against the fetch script:"
deno run -q --allow-read scripts/report_ratios.ts "$work/all.json" "fetch script" | grep "openai"
