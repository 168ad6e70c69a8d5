#!/usr/bin/env bash
# Cost of a warm `deno task omn --version` (three processes: deno task, the launcher, the program)
# against a bare `deno run` of an empty script, measured in the same run. Target: at most 6×
# (MAX_RATIO). Exits 1 when the ratio is above the target.
# Usage: scripts/bench_launch.sh   (needs hyperfine; installed with apt when run as root)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_bench_tools.sh
max_ratio="${MAX_RATIO:-6}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "" > "$work/empty.ts"
export OMNIMANCER_HOME="$work/home"
deno task -q omn --version >/dev/null # warm: the bundle is current from here on
hyperfine --warmup 3 --runs 20 --style basic --export-json "$work/launch.json" \
  -n "deno run empty.ts" "deno run -q $work/empty.ts" \
  -n "deno task omn --version" "deno task -q omn --version" >&2
deno run -q --allow-read scripts/report_ratios.ts "$work/launch.json" "deno run empty.ts"
deno run -q --allow-read - "$work/launch.json" "$max_ratio" <<'TS'
const [file, maxRatio] = Deno.args;
const { results } = JSON.parse(await Deno.readTextFile(file));
const ratio = results[1].mean / results[0].mean;
const ok = ratio <= Number(maxRatio);
console.log(`warm deno task omn --version: ${ratio.toFixed(2)}× deno run empty.ts (target ≤ ${maxRatio}×) ${ok ? "ok" : "TOO SLOW"}`);
if (!ok) Deno.exit(1);
TS
