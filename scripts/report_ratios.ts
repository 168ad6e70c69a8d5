/**
 * Prints each command's time from a benchmark export (hyperfine's, or
 * `scripts/bench_interleaved.ts`'s) as a ratio to a baseline command
 * measured in the same run, and checks the targets given.
 *
 * The ratio is of the medians when the export has them (a few runs slowed
 * by another process on a shared machine move the mean, not the median),
 * else of the means. Each line gives the difference to the baseline too
 * (`+28.4 ms`): on another machine the ratio moves with Deno's own start,
 * the difference much less.
 *
 * Usage: deno run --allow-read scripts/report_ratios.ts RESULTS.json BASELINE_NAME
 *          [--target "NAME<=MAX"]... [--stretch "NAME<=MAX"]...
 *
 * Exits 1 when a command is above its `--target` (a `--stretch` target is
 * only reported).
 *
 * @module
 */

/** One command of the export (seconds). */
export interface MeasuredCommand {
  command: string;
  mean: number;
  stddev: number;
  median?: number;
}

/** A ratio a command must stay at or under. */
export interface RatioTarget {
  name: string;
  max: number;
  stretch: boolean;
}

/** Parses `NAME<=MAX`; throws a one-line error when it is not one. */
export function parseTarget(text: string, stretch: boolean): RatioTarget {
  const match = /^(.+)<=\s*([0-9]+(?:\.[0-9]+)?)$/.exec(text);
  if (!match) throw new Error(`Cannot read the target "${text}": write it as "NAME<=MAX"`);
  return { name: match[1].trim(), max: Number(match[2]), stretch };
}

/** The time a ratio is taken of: the median when there is one, else the mean. */
function timeOf(result: MeasuredCommand): number {
  return result.median ?? result.mean;
}

/** The report's lines and whether every (non-stretch) target was met. */
export function reportRatios(
  results: readonly MeasuredCommand[],
  baselineName: string,
  targets: readonly RatioTarget[] = [],
): { lines: string[]; ok: boolean } {
  const baseline = results.find((result) => result.command === baselineName);
  if (!baseline) throw new Error(`Cannot find the baseline "${baselineName}" in the results`);
  for (const target of targets) {
    if (!results.some((result) => result.command === target.name)) {
      throw new Error(
        `Cannot check the target of "${target.name}": no such command in the results`,
      );
    }
  }
  const statistic = baseline.median === undefined ? "mean" : "median";
  const lines: string[] = [];
  let ok = true;
  for (const result of results) {
    const ratio = timeOf(result) / timeOf(baseline);
    // The difference too: what the command adds to the baseline, which moves less from one
    // machine to another than the ratio does (a slower start of Deno itself lowers the ratio).
    const added = (timeOf(result) - timeOf(baseline)) * 1000;
    let line = `${result.command.padEnd(28)} ${statistic} ${
      (timeOf(result) * 1000).toFixed(1).padStart(7)
    } ms (mean ${(result.mean * 1000).toFixed(1)} ± ${(result.stddev * 1000).toFixed(1)})   ${
      ratio.toFixed(2)
    }× ${baselineName} (${added < 0 ? "-" : "+"}${Math.abs(added).toFixed(1)} ms)`;
    for (const target of targets.filter((target) => target.name === result.command)) {
      const met = ratio <= target.max;
      if (!met && !target.stretch) ok = false;
      line += `   ${target.stretch ? "stretch" : "target"} ≤ ${target.max}×: ${
        met ? "ok" : target.stretch ? "not yet" : "TOO SLOW"
      }`;
    }
    lines.push(line);
  }
  return { lines, ok };
}

if (import.meta.main) {
  const [file, baselineName, ...rest] = Deno.args;
  const targets: RatioTarget[] = [];
  for (let index = 0; index < rest.length; index += 2) {
    const flag = rest[index];
    if ((flag !== "--target" && flag !== "--stretch") || rest[index + 1] === undefined) {
      console.error(`Cannot read "${flag}": use --target "NAME<=MAX" or --stretch "NAME<=MAX"`);
      Deno.exit(2);
    }
    targets.push(parseTarget(rest[index + 1], flag === "--stretch"));
  }
  const { results } = JSON.parse(await Deno.readTextFile(file)) as { results: MeasuredCommand[] };
  const { lines, ok } = reportRatios(results, baselineName, targets);
  for (const line of lines) console.log(line);
  if (!ok) Deno.exit(1);
}
