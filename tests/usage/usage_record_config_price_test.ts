import assert from "node:assert/strict";
import type { Config } from "../../src/config/schema.ts";
import { createMockModel } from "../../src/providers/mock.ts";
import { recordingModelUsage } from "../../src/usage/record_model_usage.ts";
import { createUsageRecord, parseUsageRecord } from "../../src/usage/usage_record.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";

const NOW = new Date("2026-01-01T00:00:00Z");
const TOKENS = { inputTokens: 1_000_000, outputTokens: 2_000_000, durationMs: 1 };

Deno.test("the ledger prices a model at the config's price, by PROVIDER/ID or by ID, before the catalogue", () => {
  const byPair: Config = {
    version: 1,
    models: { "openai/gpt-4o-mini": { input_usd_per_mtok: 3, output_usd_per_mtok: 5 } },
  };
  const record = createUsageRecord({ provider: "openai", model: "gpt-4o-mini", ...TOKENS }, NOW, {
    config: byPair,
  });
  assert.equal(record.cost_usd, 13);
  assert.equal(record.cost, "config");
  const byId: Config = {
    version: 1,
    models: { "house-model": { input_usd_per_mtok: 0.5, output_usd_per_mtok: 1 } },
  };
  const custom = createUsageRecord({ provider: "lab", model: "house-model", ...TOKENS }, NOW, {
    config: byId,
  });
  assert.equal(custom.cost_usd, 2.5);
  assert.equal(custom.cost, "config");
  // Without a config price: the catalogue, then unknown.
  const listed = createUsageRecord({ provider: "openai", model: "gpt-4o-mini", ...TOKENS }, NOW);
  assert.equal(listed.cost_usd, 1.35);
  assert.equal(listed.cost, "catalogue");
  const unknown = createUsageRecord({ provider: "lab", model: "other", ...TOKENS }, NOW, {
    config: byId,
  });
  assert.equal(unknown.cost_usd, null);
  assert.equal(unknown.cost, "unknown");
  // A stored config-priced record reads back as such.
  assert.equal(parseUsageRecord(JSON.stringify(record))?.cost, "config");
});

Deno.test("chat and batch's recording model prices its records at the config's price", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const config: Config = {
      version: 1,
      models: { "mock/mock-1": { input_usd_per_mtok: 1_000_000, output_usd_per_mtok: 2_000_000 } },
    };
    const model = recordingModelUsage(createMockModel("mock-1"), {
      dir,
      key: "none",
      host: null,
      config,
    });
    for await (const _ of model.stream({ messages: [{ role: "user", content: "hi there" }] })) {
      // drain
    }
    const [record] = (await Deno.readTextFile(`${dir}/usage.jsonl`)).trim().split("\n").map((
      line,
    ) => JSON.parse(line));
    assert.ok(record.input_tokens > 0 && record.output_tokens > 0);
    assert.equal(record.cost_usd, record.input_tokens * 1 + record.output_tokens * 2);
    assert.equal(record.cost, "config");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ask's ledger record and its JSON result agree on a config-priced model", async () => {
  await using workspace = await tempWorkspace();
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  await Deno.writeTextFile(
    `${workspace.home}/config.json`,
    JSON.stringify({
      version: 1,
      models: { "mock-1": { input_usd_per_mtok: 1_000_000, output_usd_per_mtok: 2_000_000 } },
    }),
    { mode: 0o600 },
  );
  const result = await runInProcess(
    ["ask", "--provider", "mock", "-o", "json", "--usage", "price me"],
    workspace,
  );
  assert.equal(result.code, 0, result.stderr);
  const object = JSON.parse(result.stdout);
  const expected = object.usage.input_tokens * 1 + object.usage.output_tokens * 2;
  assert.ok(expected > 0);
  assert.equal(object.usage.total_cost_usd, expected);
  const ledger = (await Deno.readTextFile(`${workspace.home}/usage.jsonl`)).trim().split("\n");
  const record = JSON.parse(ledger.at(-1)!);
  assert.equal(record.cost_usd, expected);
  assert.equal(record.cost, "config");
});
