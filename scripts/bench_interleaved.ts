/**
 * Times commands interleaved: after the warm-up, every round runs each
 * command once, in a rotating order, so that a load that comes and goes on a
 * shared machine falls on every command alike (hyperfine runs one command's
 * runs back to back, and a burst of load then lands on one of them only).
 *
 * Each command is split on spaces and run directly (no shell: its start-up
 * is not added to every figure), stdin from /dev/null, stdout and stderr
 * discarded. A run that fails stops the benchmark with its error output.
 * Writes a hyperfine-style JSON export (`results[].command`, `mean`,
 * `stddev`, `median`, `min`, `max`, `times`, in seconds) for
 * `scripts/report_ratios.ts`.
 *
 * Usage: deno run --allow-run --allow-write scripts/bench_interleaved.ts
 *          [--runs N] [--warmup N] --export-json FILE -n NAME COMMAND [-n NAME COMMAND]...
 *
 * @module
 */

/** One command to time. */
export interface BenchCommand {
  name: string;
  argv: string[];
}

/** What one command's runs measured, in seconds. */
export interface BenchResult {
  command: string;
  mean: number;
  stddev: number;
  median: number;
  min: number;
  max: number;
  times: number[];
}

/** Parsed command line of the script. */
export interface BenchOptions {
  runs: number;
  warmup: number;
  exportJson: string;
  commands: BenchCommand[];
}

/** Parses the script's arguments; throws a one-line error on a bad one. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const options: BenchOptions = { runs: 20, warmup: 3, exportJson: "", commands: [] };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const value = args[index + 1];
    if (value === undefined) throw new Error(`Cannot read "${arg}": it needs a value`);
    if (arg === "--runs" || arg === "--warmup") {
      const count = Number(value);
      if (!Number.isInteger(count) || count < (arg === "--runs" ? 1 : 0)) {
        throw new Error(`Cannot use ${arg} "${value}": give a whole number`);
      }
      options[arg === "--runs" ? "runs" : "warmup"] = count;
      index++;
    } else if (arg === "--export-json") {
      options.exportJson = value;
      index++;
    } else if (arg === "-n") {
      const command = args[index + 2];
      if (command === undefined) {
        throw new Error(`Cannot read -n "${value}": give a command after it`);
      }
      options.commands.push({
        name: value,
        argv: command.split(" ").filter((part) => part !== ""),
      });
      index += 2;
    } else {
      throw new Error(
        `Cannot read "${arg}": use --runs, --warmup, --export-json or -n NAME COMMAND`,
      );
    }
  }
  if (options.commands.length === 0) throw new Error("Cannot benchmark: give -n NAME COMMAND");
  if (options.exportJson === "") throw new Error("Cannot benchmark: give --export-json FILE");
  return options;
}

/** The statistics of one command's times (seconds). */
export function summarize(name: string, times: readonly number[]): BenchResult {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, time) => sum + time, 0) / sorted.length;
  const variance = sorted.length > 1
    ? sorted.reduce((sum, time) => sum + (time - mean) ** 2, 0) / (sorted.length - 1)
    : 0;
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
  return {
    command: name,
    mean,
    stddev: Math.sqrt(variance),
    median,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    times: [...times],
  };
}

/** The order of the commands in round `round`: rotated by one each round. */
export function roundOrder(count: number, round: number): number[] {
  return Array.from({ length: count }, (_, index) => (index + round) % count);
}

/** Runs a command once; returns its wall time in seconds; throws when it fails. */
async function timeOnce(command: BenchCommand): Promise<number> {
  const [program, ...args] = command.argv;
  const start = performance.now();
  const child = new Deno.Command(program, {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const output = await child.output();
  const seconds = (performance.now() - start) / 1000;
  if (!output.success) {
    const error = new TextDecoder().decode(output.stderr).trim().split("\n").slice(-3).join(" | ");
    throw new Error(`Cannot benchmark "${command.name}": it exited with ${output.code}: ${error}`);
  }
  return seconds;
}

/** Warms every command up, then times `runs` interleaved rounds. */
export async function benchInterleaved(
  options: BenchOptions,
  progress: (text: string) => void = () => {},
): Promise<BenchResult[]> {
  for (let run = 0; run < options.warmup; run++) {
    for (const command of options.commands) await timeOnce(command);
  }
  const times = options.commands.map((): number[] => []);
  for (let round = 0; round < options.runs; round++) {
    for (const index of roundOrder(options.commands.length, round)) {
      times[index].push(await timeOnce(options.commands[index]));
    }
    progress(`round ${round + 1}/${options.runs}`);
  }
  return options.commands.map((command, index) => summarize(command.name, times[index]));
}

if (import.meta.main) {
  try {
    const options = parseBenchArgs(Deno.args);
    const results = await benchInterleaved(options);
    await Deno.writeTextFile(options.exportJson, JSON.stringify({ results }, null, 2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    Deno.exit(1);
  }
}
