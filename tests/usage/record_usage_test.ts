import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { recordUsage } from "../../src/usage/record_usage.ts";
import { ledgerPath } from "../../src/usage/usage_ledger.ts";
import { readUsage } from "../../src/usage/read_usage.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";

const WORKER = fileURLToPath(new URL("../audit/_append_worker.ts", import.meta.url));

Deno.test("recordUsage appends one redacted JSON line per request to a 0600 ledger", async () => {
  const root = await Deno.makeTempDir();
  try {
    const dir = `${root}/home`;
    const canaries = [openaiProjectKey("LEDGER"), anthropicKey("LEDGER")];
    const now = () => new Date("2026-11-29T12:00:00Z");
    await recordUsage(dir, {
      provider: "openai",
      model: "gpt-4o-mini",
      key: "fp:0123456789ab",
      inputTokens: 10,
      outputTokens: 5,
      durationMs: 100,
    }, { now });
    // A caller that passes a secret where a name belongs still gets it masked.
    await recordUsage(dir, {
      provider: "openai",
      model: canaries[0],
      host: `gateway ${canaries[1]}`,
      inputTokens: 1,
      outputTokens: 1,
      durationMs: 1,
      error: new TypeError(`bad ${canaries[1]}`),
    }, { now });
    const text = await Deno.readTextFile(ledgerPath(dir));
    assert.equal(text.split("\n").length, 3);
    for (const canary of canaries) assert.ok(!text.includes(canary.slice(0, 24)));
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(ledgerPath(dir))).mode! & 0o777, 0o600);
    }
    const { records, skipped } = await readUsage(dir);
    assert.equal(skipped, 0);
    assert.equal(records[0].cost_usd, 0.0000045);
    assert.equal(records[1].model, "sk-proj-***");
    assert.equal(records[1].outcome, "TypeError");
    assert.deepEqual(
      Object.keys(records[0]).sort(),
      [
        "cached_input_tokens",
        "cost",
        "cost_usd",
        "duration_ms",
        "host",
        "input_tokens",
        "key",
        "model",
        "outcome",
        "output_tokens",
        "provider",
        "time",
      ],
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("readUsage filters by --since and skips torn lines", async () => {
  const root = await Deno.makeTempDir();
  try {
    for (const time of ["2026-11-01T00:00:00Z", "2026-11-20T00:00:00Z"]) {
      await recordUsage(root, {
        time: new Date(time),
        provider: "mock",
        model: "mock-1",
        inputTokens: 1,
        outputTokens: 1,
        durationMs: 1,
      });
    }
    await Deno.writeTextFile(ledgerPath(root), '{"time":"2026-11-2', { append: true });
    const { records, skipped } = await readUsage(root, { since: new Date("2026-11-10T00:00:00Z") });
    assert.equal(records.length, 1);
    assert.equal(records[0].time, "2026-11-20T00:00:00.000Z");
    assert.equal(skipped, 1);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("4 processes appending 50 records each to the ledger: 200 whole lines, none lost", async () => {
  const root = await Deno.makeTempDir();
  try {
    const children = ["a", "b", "c", "d"].map((tag) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-q",
          `--allow-read=${root}`,
          `--allow-write=${root}`,
          WORKER,
          "usage",
          root,
          tag,
          "50",
        ],
        stdout: "null",
        stderr: "piped",
      }).output()
    );
    for (const output of await Promise.all(children)) {
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    }
    const { records, skipped } = await readUsage(root);
    assert.equal(skipped, 0);
    assert.equal(records.length, 200);
    for (const tag of ["a", "b", "c", "d"]) {
      const tokens = records.filter((record) => record.model === `model-${tag}`)
        .map((record) => record.input_tokens).sort((left, right) => left - right);
      assert.deepEqual(tokens, Array.from({ length: 50 }, (_, index) => index));
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
