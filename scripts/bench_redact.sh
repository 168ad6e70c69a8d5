#!/usr/bin/env bash
# Benchmarks `omn redact` against the naive sed of the original security
# notes on a generated 100 MB log, and checks its peak memory and that no
# sprinkled canary secret survives.
#
# Usage: scripts/bench_redact.sh
# Environment:
#   OMN_CMD    the redactor to run, reading stdin and writing stdout
#              (default: deno run -q scripts/redact_filter.ts, the same
#              stdin -> TextDecoderStream -> RedactStream -> TextEncoderStream
#              -> stdout pipeline as `omn redact`)
#   BENCH_MB   size of the generated log in MiB (default: 100)
#   MIN_RATIO  fail when sed time / omn time is below this (default: 5)
#   MAX_RSS_MB fail when the redactor's peak RSS reaches this (default: 100)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
omn_cmd="${OMN_CMD:-deno run -q scripts/redact_filter.ts}"
megabytes="${BENCH_MB:-100}"
min_ratio="${MIN_RATIO:-5}"
max_rss_mb="${MAX_RSS_MB:-100}"

need() {
  local command="$1" package="$2"
  if command -v "$command" > /dev/null 2>&1; then return; fi
  if [ "$(id -u)" = 0 ]; then
    echo "installing $package" >&2
    apt-get update -qq > /dev/null && apt-get install -y -qq "$package" > /dev/null
  else
    echo "error: $command is missing: install it with: sudo apt-get install -y $package" >&2
    exit 2
  fi
}
need hyperfine hyperfine
need /usr/bin/time time
need deno deno

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/bench.log"

echo "generating a ${megabytes} MiB log in $log" >&2
deno run -q --allow-write="$work" scripts/_bench_log.ts "$log" "$work/canaries.txt" "$megabytes"
echo "$(wc -l < "$log") lines, $(wc -l < "$work/canaries.txt") canary strings" >&2

sed_cmd="sed -E 's/sk-[a-zA-Z0-9]{40,}/sk-***/g; s/sk-ant-[a-zA-Z0-9-]{40,}/sk-ant-***/g; s/AKIA[A-Z0-9]{16}/AKIA***/g; s/[a-zA-Z0-9]{32,}/***/g' '$log' > /dev/null"
omn_run="$omn_cmd < '$log' > /dev/null"

hyperfine --style basic --warmup 1 --runs "${BENCH_RUNS:-5}" --export-json "$work/times.json" \
  -n sed "$sed_cmd" -n omn "$omn_run" >&2

/usr/bin/time -f %M -o "$work/rss.txt" bash -c "exec $omn_cmd < '$log' > '$work/out.log'"

leaked="$(grep -F -c -f "$work/canaries.txt" "$work/out.log" || true)"
in_lines="$(wc -l < "$log")"
out_lines="$(wc -l < "$work/out.log")"

deno eval -q '
const [timesPath, rssPath, leaked, inLines, outLines, minRatio, maxRss] = Deno.args;
const times = JSON.parse(Deno.readTextFileSync(timesPath)).results;
const sed = times.find((result) => result.command === "sed").mean;
const omn = times.find((result) => result.command === "omn").mean;
const ratio = sed / omn;
const rssMb = Number(Deno.readTextFileSync(rssPath).trim()) / 1024;
console.log(`sed: ${sed.toFixed(3)} s  omn: ${omn.toFixed(3)} s  ratio sed/omn: ${ratio.toFixed(1)}`);
console.log(`omn peak RSS: ${rssMb.toFixed(1)} MB`);
console.log(`lines in: ${inLines}  lines out: ${outLines}  lines with a surviving canary: ${leaked}`);
const failures = [];
if (ratio < Number(minRatio)) failures.push(`ratio ${ratio.toFixed(1)} is below ${minRatio}`);
if (rssMb >= Number(maxRss)) failures.push(`peak RSS ${rssMb.toFixed(1)} MB reaches ${maxRss} MB`);
if (Number(leaked) !== 0) failures.push(`${leaked} lines still hold a canary`);
// Masks keep the line breaks of what they replace (PEM blocks), so the line count is kept.
if (inLines !== outLines) failures.push(`${inLines} lines went in but ${outLines} came out`);
for (const failure of failures) console.error(`FAIL: ${failure}`);
Deno.exit(failures.length === 0 ? 0 : 1);
' "$work/times.json" "$work/rss.txt" "$leaked" "$in_lines" "$out_lines" "$min_ratio" "$max_rss_mb"
