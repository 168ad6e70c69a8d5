#!/usr/bin/env bash
# `deno task bench`: every benchmark, each reported as ratios to a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== start-up (baseline: deno run of an empty script)"
bash scripts/bench_startup.sh
echo
echo "== omn redact on a 100 MB log (baseline: sed -E with the four naive patterns)"
bash scripts/bench_redact.sh
