/**
 * Prints each command's mean time from a hyperfine JSON export as a ratio to
 * a baseline command measured in the same run.
 *
 * Usage: deno run --allow-read scripts/report_ratios.ts RESULTS.json BASELINE_NAME
 *
 * @module
 */
interface HyperfineResult {
  command: string;
  mean: number;
  stddev: number;
}

const [file, baselineName] = Deno.args;
const { results } = JSON.parse(await Deno.readTextFile(file)) as { results: HyperfineResult[] };
const baseline = results.find((result) => result.command === baselineName);
if (!baseline) throw new Error(`Cannot find the baseline "${baselineName}" in "${file}"`);
for (const result of results) {
  const ratio = result.mean / baseline.mean;
  console.log(
    `${result.command.padEnd(28)} ${(result.mean * 1000).toFixed(1).padStart(8)} ms ± ${
      (result.stddev * 1000).toFixed(1)
    }   ${ratio.toFixed(2)}× ${baselineName}`,
  );
}
