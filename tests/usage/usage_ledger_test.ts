import assert from "node:assert/strict";
import { ledgerPath, openUsageLedger } from "../../src/usage/usage_ledger.ts";
import type { UsageInput } from "../../src/usage/usage_record.ts";

const record = (model: string): UsageInput => ({
  provider: "mock",
  model,
  key: "none",
  host: null,
  inputTokens: 1,
  outputTokens: 2,
  durationMs: 3,
});

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a held-open ledger appends concurrent records whole, to a 0600 file opened once", async () => {
  await withDir(async (dir) => {
    const ledger = openUsageLedger(`${dir}/home`);
    await Promise.all(["a", "b", "c", "d"].map((model) => ledger.append(record(model))));
    // Opened once: the records after a rename still go to the same (renamed) file.
    await Deno.rename(ledgerPath(`${dir}/home`), `${dir}/moved.jsonl`);
    await ledger.append(record("e"));
    ledger.close();
    const lines = (await Deno.readTextFile(`${dir}/moved.jsonl`)).trim().split("\n");
    assert.deepEqual(lines.map((line) => JSON.parse(line).model).sort(), ["a", "b", "c", "d", "e"]);
    assert.equal((await Deno.stat(`${dir}/moved.jsonl`)).mode! & 0o777, 0o600);
    assert.equal((await Deno.stat(`${dir}/home`)).mode! & 0o777, 0o700);
  });
});

Deno.test("a held-open ledger refuses a symbolic link as recordUsage does, and opens again after", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/elsewhere.jsonl`, "");
    await Deno.chmod(dir, 0o700);
    await Deno.symlink(`${dir}/elsewhere.jsonl`, ledgerPath(dir));
    using ledger = openUsageLedger(dir);
    await assert.rejects(ledger.append(record("a")), /symbolic link/);
    await Deno.remove(ledgerPath(dir));
    await ledger.append(record("b"));
    assert.equal(await Deno.readTextFile(`${dir}/elsewhere.jsonl`), "");
    assert.equal(JSON.parse(await Deno.readTextFile(ledgerPath(dir))).model, "b");
  });
});

Deno.test("a ledger closed while its first record opens it leaks no file and writes nothing after", async () => {
  await withDir(async (dir) => {
    const ledger = openUsageLedger(dir);
    const first = ledger.append(record("a"));
    ledger.close();
    await assert.rejects(first, /closed/);
    await assert.rejects(ledger.append(record("b")), /closed/);
    // The test's resource sanitizer fails it if the file opened for "a" were left open.
  });
});
