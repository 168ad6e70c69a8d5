import assert from "node:assert/strict";
import { parseBenchArgs, roundOrder, summarize } from "../../scripts/bench_interleaved.ts";
import { parseTarget, reportRatios } from "../../scripts/report_ratios.ts";

Deno.test("parseBenchArgs reads runs, warm-up, the export and the named commands", () => {
  const options = parseBenchArgs([
    "--runs",
    "5",
    "--warmup",
    "0",
    "--export-json",
    "/tmp/out.json",
    "-n",
    "empty",
    "deno run -q  empty.ts",
    "-n",
    "omn --help",
    "deno run -q build/main.js --help",
  ]);
  assert.deepEqual(options, {
    runs: 5,
    warmup: 0,
    exportJson: "/tmp/out.json",
    commands: [
      { name: "empty", argv: ["deno", "run", "-q", "empty.ts"] },
      { name: "omn --help", argv: ["deno", "run", "-q", "build/main.js", "--help"] },
    ],
  });
  assert.throws(
    () => parseBenchArgs(["--runs", "0", "--export-json", "x", "-n", "a", "b"]),
    /--runs "0"/,
  );
  assert.throws(() => parseBenchArgs(["--export-json", "x"]), /give -n NAME COMMAND/);
  assert.throws(() => parseBenchArgs(["-n", "a", "b"]), /--export-json/);
  assert.throws(() => parseBenchArgs(["-n", "a"]), /give a command after it/);
  assert.throws(() => parseBenchArgs(["--bogus", "1"]), /Cannot read "--bogus"/);
});

Deno.test("roundOrder rotates so that each command runs in each position", () => {
  assert.deepEqual([0, 1, 2].map((round) => roundOrder(3, round)), [[0, 1, 2], [1, 2, 0], [
    2,
    0,
    1,
  ]]);
});

Deno.test("summarize gives the mean, the sample deviation, the median, min and max", () => {
  const result = summarize("x", [0.3, 0.1, 0.2, 0.6]);
  assert.equal(result.command, "x");
  assert.ok(Math.abs(result.mean - 0.3) < 1e-12);
  assert.ok(Math.abs(result.median - 0.25) < 1e-12);
  assert.ok(Math.abs(result.stddev - Math.sqrt(0.14 / 3)) < 1e-12);
  assert.equal(result.min, 0.1);
  assert.equal(result.max, 0.6);
  assert.deepEqual(result.times, [0.3, 0.1, 0.2, 0.6]);
  assert.equal(summarize("odd", [3, 1, 2]).median, 2);
});

Deno.test("reportRatios takes medians, fails a missed target and only reports a stretch", () => {
  const results = [
    { command: "base", mean: 0.2, stddev: 0, median: 0.1 },
    { command: "help", mean: 0.9, stddev: 0, median: 0.19 },
    { command: "ask", mean: 0.3, stddev: 0, median: 0.25 },
  ];
  const met = reportRatios(results, "base", [
    parseTarget("help<=2", false),
    parseTarget("help<=1.5", true),
  ]);
  assert.equal(met.ok, true);
  assert.match(
    met.lines[1],
    /1\.90× base \(\+90\.0 ms\) {3}target ≤ 2×: ok {3}stretch ≤ 1\.5×: not yet$/,
  );
  const missed = reportRatios(results, "base", [parseTarget("ask <= 2", false)]);
  assert.equal(missed.ok, false);
  assert.match(missed.lines[2], /2\.50× base \(\+150\.0 ms\) {3}target ≤ 2×: TOO SLOW$/);
  assert.match(
    reportRatios([{ command: "b", mean: 2, stddev: 0 }], "b").lines[0],
    /mean +2000\.0 ms .*1\.00× b \(\+0\.0 ms\)$/,
  );
  assert.match(
    reportRatios([...results, { command: "fast", mean: 0.05, stddev: 0, median: 0.08 }], "base")
      .lines[3],
    /0\.80× base \(-20\.0 ms\)$/,
  );
  assert.throws(() => reportRatios(results, "nope"), /Cannot find the baseline "nope"/);
  assert.throws(() => reportRatios(results, "base", [parseTarget("x<=1", false)]), /"x"/);
  assert.throws(() => parseTarget("help < 2", false), /write it as "NAME<=MAX"/);
});
