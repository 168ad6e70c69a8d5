/**
 * In-process throughput of the byte redactor on the log of
 * `scripts/bench_redact.sh`, against baselines measured in the same run: a
 * plain decode and encode pass, and one pass of a single simple regex; and
 * the copy loop of `omn redact` (`redactReader`) over the same bytes.
 *
 * Usage: deno bench --allow-read --allow-write --allow-run --allow-env scripts/bench_redact_engine.ts
 * (generates a 16 MiB log once into a temporary directory; REDACT_BENCH_LOG=path
 * uses an existing one; REDACT_BENCH_BEFORE=dir also benches the copy loop of
 * another checkout, `dir/src/security/redact_reader.ts`, in the same run, for
 * before/after figures).
 *
 * @module
 */
import { ByteRedactor } from "../src/security/byte_redactor.ts";
import { redactReader } from "../src/security/redact_reader.ts";

const SLICE = 64 * 1024;

async function corpus(): Promise<Uint8Array> {
  const given = Deno.env.get("REDACT_BENCH_LOG");
  if (given) return (await Deno.readFile(given)).subarray(0, 16 * 1024 * 1024);
  const directory = await Deno.makeTempDir();
  const log = `${directory}/bench.log`;
  const script = new URL("./_bench_log.ts", import.meta.url).pathname;
  const { success } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", `--allow-write=${directory}`, script, log, `${directory}/c.txt`, "16"],
  }).output();
  if (!success) throw new Error("Cannot generate the bench log: _bench_log.ts failed");
  const bytes = await Deno.readFile(log);
  await Deno.remove(directory, { recursive: true });
  return bytes;
}

const bytes = await corpus();
const megabytes = bytes.length / 1e6;
console.log(`corpus: ${megabytes.toFixed(1)} MB`);

function slices(each: (slice: Uint8Array) => void): void {
  for (let start = 0; start < bytes.length; start += SLICE) {
    each(bytes.subarray(start, Math.min(bytes.length, start + SLICE)));
  }
}

Deno.bench("baseline: TextDecoder + TextEncoder per 64 KiB slice", { baseline: true }, () => {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let total = 0;
  slices((slice) => {
    total += encoder.encode(decoder.decode(slice, { stream: true })).length;
  });
  if (total === 0) throw new Error("nothing decoded");
});

Deno.bench("baseline: decode + one regex pass (/sk-/g) + encode", () => {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const regex = /sk-[A-Za-z0-9]{40,}/g;
  let total = 0;
  slices((slice) => {
    const text = decoder.decode(slice, { stream: true });
    total += encoder.encode(text.replace(regex, "sk-***")).length;
  });
  if (total === 0) throw new Error("nothing decoded");
});

Deno.bench("ByteRedactor + TextEncoder per 64 KiB slice", () => {
  const redactor = new ByteRedactor();
  const encoder = new TextEncoder();
  let total = 0;
  slices((slice) => {
    total += encoder.encode(redactor.push(slice)).length;
  });
  total += encoder.encode(redactor.finish()).length;
  if (total === 0) throw new Error("nothing redacted");
});

/** The copy loop of `omn redact` over the corpus, into a sink that counts. */
async function copyLoop(loop: typeof redactReader): Promise<void> {
  let offset = 0;
  let total = 0;
  await loop({
    read(buffer) {
      if (offset >= bytes.length) return Promise.resolve(null);
      const count = Math.min(buffer.length, bytes.length - offset);
      buffer.set(bytes.subarray(offset, offset + count));
      offset += count;
      return Promise.resolve(count);
    },
  }, {
    write(output) {
      total += output.length;
      return Promise.resolve(output.length);
    },
  });
  if (total === 0) throw new Error("nothing redacted");
}

const before = Deno.env.get("REDACT_BENCH_BEFORE");
if (before) {
  const url = new URL(`file://${before.replace(/\/$/, "")}/src/security/redact_reader.ts`);
  const { redactReader: beforeLoop } = await import(url.href);
  Deno.bench(`redactReader of ${before} (before)`, async () => await copyLoop(beforeLoop));
}

Deno.bench(
  "redactReader: the copy loop of omn redact (its slices end at line breaks)",
  async () => await copyLoop(redactReader),
);
