/**
 * Reports the batch benchmark: the mean time as a ratio to the ideal
 * (items / concurrency × delay) and the peak RSS, and fails when the ratio
 * is above 1.3 or the peak above 200 MB.
 *
 * Usage: deno run --allow-read scripts/report_batch_bench.ts RESULTS.json RSS_KB_FILE ITEMS CONCURRENCY DELAY_MS
 *
 * @module
 */
const [file, rssFile, items, concurrency, delayMs] = Deno.args;
const { results } = JSON.parse(await Deno.readTextFile(file)) as {
  results: { command: string; mean: number; stddev: number; max: number }[];
};
const { command, mean, stddev, max } = results[0];
const ideal = (Number(items) / Number(concurrency)) * Number(delayMs) / 1000;
const ratio = mean / ideal;
const rssMb = Number((await Deno.readTextFile(rssFile)).trim()) / 1024;
const ratioOk = ratio <= 1.3;
const rssOk = rssMb < 200;
console.log(`${command}`);
console.log(
  `  mean ${mean.toFixed(3)} s ± ${stddev.toFixed(3)} (max ${max.toFixed(3)} s), ideal ${
    ideal.toFixed(3)
  } s: ${ratio.toFixed(2)}× the ideal (limit 1.30×) ${ratioOk ? "ok" : "TOO SLOW"}`,
);
console.log(`  peak RSS ${rssMb.toFixed(1)} MB (limit 200 MB) ${rssOk ? "ok" : "TOO MUCH"}`);
if (!ratioOk || !rssOk) Deno.exit(1);
