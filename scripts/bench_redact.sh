#!/usr/bin/env bash
# Benchmarks `omn redact` against the naive sed of the original security
# notes on a generated log of about 124 MB (118 MiB), and checks its peak
# memory and that no sprinkled canary secret survives. The two commands run
# interleaved (sed, omn, then omn, sed, ...), so that both see the same load;
# the ratio is the median of the rounds' sed time / omn time.
#
# Usage: scripts/bench_redact.sh
# Environment:
#   OMN_CMD    the redactor to run, reading stdin and writing stdout
#              (default: deno run -q scripts/redact_filter.ts, the same
#              stdin -> TextDecoderStream -> RedactStream -> TextEncoderStream
#              -> stdout pipeline as `omn redact`)
#   BENCH_MB   size of the generated log in MiB (default: 118, about 124 MB)
#   BENCH_RUNS rounds measured, after one round of warm-up (default: 5)
#   MIN_RATIO  fail when sed time / omn time is below this (default: 20)
#   MAX_RSS_MB fail when the redactor's peak RSS reaches this (default: 100)
#   BEFORE_CMD another redactor (an older build) to time in the same rounds,
#              for before/after figures; reported, never judged
# The CPU time (user+sys) of both is reported too: the steadier figure on a busy machine.
# In process, scripts/bench_redact_engine.ts measures the byte redactor alone on the same kind
# of log, against a decode+encode pass and a one-regex pass (deno bench).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
omn_cmd="${OMN_CMD:-deno run -q scripts/redact_filter.ts}"
megabytes="${BENCH_MB:-118}"
min_ratio="${MIN_RATIO:-20}"
runs="${BENCH_RUNS:-5}"
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
need /usr/bin/time time
need deno deno

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/bench.log"

echo "generating a ${megabytes} MiB log in $log" >&2
deno run -q --allow-write="$work" scripts/_bench_log.ts "$log" "$work/canaries.txt" "$megabytes"
echo "$(wc -c < "$log") bytes, $(wc -l < "$log") lines, $(wc -l < "$work/canaries.txt") canary strings" >&2

sed_run="exec sed -E 's/sk-[a-zA-Z0-9]{40,}/sk-***/g; s/sk-ant-[a-zA-Z0-9-]{40,}/sk-ant-***/g; s/AKIA[A-Z0-9]{16}/AKIA***/g; s/[a-zA-Z0-9]{32,}/***/g' '$log' > /dev/null"
omn_run="exec $omn_cmd < '$log' > /dev/null"
# Each measure file holds: elapsed seconds, peak RSS in KiB, user and system CPU seconds.
measure() { /usr/bin/time -f "%e %M %U %S" -o "$work/$1.$2" bash -c "$3"; }
before_run="${BEFORE_CMD:+exec $BEFORE_CMD < '$log' > /dev/null}"

# Round 0 is the warm-up. Odd rounds run omn first, even ones sed first.
for round in $(seq 0 "$runs"); do
  if [ $((round % 2)) = 1 ]; then
    measure omn "$round" "$omn_run"
    measure sed "$round" "$sed_run"
  else
    measure sed "$round" "$sed_run"
    measure omn "$round" "$omn_run"
  fi
  if [ -n "$before_run" ]; then
    measure before "$round" "$before_run"
    awk -v round="$round" '{ time[FILENAME] = $1; cpu[FILENAME] = $3 + $4 } END {
      printf "round %s: before %s s (CPU %.2f s), ratio sed/before %.1f\n", round, time[ARGV[2]], cpu[ARGV[2]], time[ARGV[1]] / time[ARGV[2]]
    }' "$work/sed.$round" "$work/before.$round" >&2
  fi
  awk -v round="$round" '{ time[FILENAME] = $1; cpu[FILENAME] = $3 + $4 } END {
    printf "round %s: sed %s s, omn %s s (CPU %.2f s), ratio sed/omn %.1f\n", round, time[ARGV[1]], time[ARGV[2]], cpu[ARGV[2]], time[ARGV[1]] / time[ARGV[2]]
  }' "$work/sed.$round" "$work/omn.$round" >&2
done
: > "$work/times.txt"
for round in $(seq 1 "$runs"); do
  read -r sed_elapsed _ sed_user sed_system < "$work/sed.$round"
  read -r omn_elapsed omn_rss omn_user omn_system < "$work/omn.$round"
  echo "$sed_elapsed $omn_elapsed $omn_rss $sed_user $sed_system $omn_user $omn_system" >> "$work/times.txt"
done

/usr/bin/time -f "%e %M" -o "$work/omn.check" bash -c "exec $omn_cmd < '$log' > '$work/out.log'"

leaked="$(grep -F -c -f "$work/canaries.txt" "$work/out.log" || true)"
in_lines="$(wc -l < "$log")"
out_lines="$(wc -l < "$work/out.log")"

deno eval -q '
const [timesPath, checkPath, leaked, inLines, outLines, minRatio, maxRss, bytes] = Deno.args;
// One line a round: sed seconds, omn seconds, omn peak RSS in KiB, then the CPU seconds
// (user, system) of sed and of omn.
const rounds = Deno.readTextFileSync(timesPath).trim().split("\n").map((line) => line.split(" ").map(Number));
const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const sed = median(rounds.map(([sed]) => sed));
const omn = median(rounds.map(([, omn]) => omn));
const ratio = median(rounds.map(([sed, omn]) => sed / Math.max(omn, 0.01)));
const checkRss = Number(Deno.readTextFileSync(checkPath).trim().split(" ")[1]);
const rssMb = Math.max(checkRss, ...rounds.map(([, , rss]) => rss)) / 1024;
const megabytes = Number(bytes) / 1e6;
console.log(`log: ${megabytes.toFixed(1)} MB; ${rounds.length} interleaved rounds, medians:`);
console.log(`sed: ${sed.toFixed(2)} s  omn: ${omn.toFixed(2)} s (${(megabytes / omn).toFixed(0)} MB/s)  ratio sed/omn: ${ratio.toFixed(1)} (target ≥ ${minRatio})`);
const sedCpu = median(rounds.map(([, , , user, system]) => user + system));
const omnCpu = median(rounds.map(([, , , , , user, system]) => user + system));
const cpuRatio = median(rounds.map(([, , , sedUser, sedSystem, omnUser, omnSystem]) =>
  (sedUser + sedSystem) / Math.max(omnUser + omnSystem, 0.01)
));
// On a busy machine the CPU time is the steadier figure; only the elapsed ratio is judged.
console.log(`CPU (user+sys): sed ${sedCpu.toFixed(2)} s  omn ${omnCpu.toFixed(2)} s (${(megabytes / omnCpu).toFixed(0)} MB/s)  ratio ${cpuRatio.toFixed(1)} (reported, not judged)`);
console.log(`omn peak RSS: ${rssMb.toFixed(1)} MB (target < ${maxRss} MB)`);
console.log(`lines in: ${inLines}  lines out: ${outLines}  lines with a surviving canary: ${leaked}`);
const failures = [];
if (ratio < Number(minRatio)) failures.push(`ratio ${ratio.toFixed(1)} is below ${minRatio}`);
if (rssMb >= Number(maxRss)) failures.push(`peak RSS ${rssMb.toFixed(1)} MB reaches ${maxRss} MB`);
if (Number(leaked) !== 0) failures.push(`${leaked} lines still hold a canary`);
// Masks keep the line breaks of what they replace (PEM blocks), so the line count is kept.
if (inLines !== outLines) failures.push(`${inLines} lines went in but ${outLines} came out`);
for (const failure of failures) console.error(`FAIL: ${failure}`);
Deno.exit(failures.length === 0 ? 0 : 1);
' "$work/times.txt" "$work/omn.check" "$leaked" "$in_lines" "$out_lines" "$min_ratio" "$max_rss_mb" \
  "$(wc -c < "$log")"
