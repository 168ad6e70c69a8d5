import assert from "node:assert/strict";
import { xaiKey } from "../credentials/_canaries.ts";
import { startXaiResponsesFake } from "../fakes/xai_responses_fake.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace } from "./_workspace.ts";

const key = xaiKey("PROV");

Deno.test("omn providers lists every provider with its credentials' source, masked, and its endpoint", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(["providers", "--json"], {
    ...workspace,
    env: { XAI_API_KEY: key },
  });
  assert.equal(result.code, 0, result.stderr);
  const views = JSON.parse(result.stdout);
  assert.deepEqual(
    views.map((view: { id: string }) => view.id),
    [
      "openai",
      "anthropic",
      "gemini",
      "vertex",
      "bedrock",
      "azure",
      "mistral",
      "xai",
      "perplexity",
      "openrouter",
      "ollama",
      "mock",
    ],
  );
  const xai = views.find((view: { id: string }) => view.id === "xai");
  assert.equal(xai.configured, true);
  assert.equal(xai.endpoint, "https://api.x.ai/v1");
  assert.deepEqual(xai.credentials[0].source, "env");
  assert.equal(xai.credentials[0].variable, "XAI_API_KEY");
  assert.equal(xai.credentials[0].value, "xai-***");
  assert.match(xai.credentials[0].fingerprint, /^fp:/);
  assert.equal(views.find((view: { id: string }) => view.id === "openai").configured, false);
  const text = await runInProcess(["providers"], { ...workspace, env: { XAI_API_KEY: key } });
  assertNoCanary({ json: result.stdout, text: text.stdout, stderr: result.stderr + text.stderr }, [
    key,
  ]);
});

Deno.test("omn providers test passes with a good key and exits 4 when the key is rejected", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startXaiResponsesFake({ apiKey: key });
  assert.equal(
    (await runInProcess(["config", "set", "providers.xai.base_url", `${fake.url}/v1`], workspace))
      .code,
    0,
  );
  const good = await runInProcess(["providers", "test", "xai"], {
    ...workspace,
    env: { XAI_API_KEY: key },
  });
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /^xai\tpass$/m);
  const wrong = xaiKey("WRONG");
  const rejected = await runInProcess(["providers", "test"], {
    ...workspace,
    env: { XAI_API_KEY: wrong },
  });
  assert.equal(rejected.code, 4, rejected.stderr);
  assert.match(rejected.stdout, /^xai\trejected/m);
  assertNoCanary({ good: good.stdout + good.stderr, rejected: rejected.stdout + rejected.stderr }, [
    key,
    wrong,
  ]);
  assert.deepEqual(fake.violations, []);
});

Deno.test("omn models shows the catalogue, and --refresh adds the provider's live list", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startXaiResponsesFake({ apiKey: key });
  const catalogue = await runInProcess(["models", "anthropic", "--json"], workspace);
  assert.equal(catalogue.code, 0, catalogue.stderr);
  const { catalog } = JSON.parse(catalogue.stdout);
  assert.ok(catalog.length > 2);
  assert.ok(
    catalog.every((model: { provider: string; context: number; input: number }) =>
      model.provider === "anthropic" && model.context > 0 && model.input > 0
    ),
  );
  assert.equal(
    (await runInProcess(["config", "set", "providers.xai.base_url", `${fake.url}/v1`], workspace))
      .code,
    0,
  );
  const refreshed = await runInProcess(["models", "xai", "--refresh", "--json"], {
    ...workspace,
    env: { XAI_API_KEY: key },
  });
  assert.equal(refreshed.code, 0, refreshed.stderr);
  assert.deepEqual(JSON.parse(refreshed.stdout).live.xai.ids, ["grok-3-mini", "grok-4"]);
  assert.equal((await Deno.stat(`${workspace.home}/models-cache.json`)).mode! & 0o777, 0o600);
  const cached = await runInProcess(["models", "xai"], workspace);
  assert.match(cached.stdout, /^xai\tgrok-3-mini\t-\t-\t-\t-\tlive /m);
  assert.match(cached.stdout, /^xai\tgrok-4\t-\t-\t-\t-\tlive /m);
  assert.match(cached.stdout, /^xai\tgrok-[\w.-]+\t\d+\t[\d.]+\t[\d.]+\t[\d.-]+\tcatalogue$/m);
  const keys = Object.keys(JSON.parse(catalogue.stdout).catalog[0]);
  assert.deepEqual(keys, ["provider", "id", "context", "input", "output", "cached_input"]);
});

Deno.test("omn models NAME --refresh refuses a custom endpoint's key too short to mask, sending nothing", async () => {
  // review: the short-key refusal (8 characters) held for ask but not for --refresh: the key went to
  // the endpoint's /models, and an endpoint echoing it ("Incorrect API key provided: …") had it printed.
  await using workspace = await tempWorkspace();
  const seen: string[] = [];
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => {
      const sent = request.headers.get("authorization") ?? "";
      seen.push(sent);
      return Response.json(
        { error: { message: `Incorrect API key provided: ${sent.replace(/^Bearer /, "")}` } },
        { status: 401 },
      );
    },
  );
  const base = `http://127.0.0.1:${server.addr.port}/v1`;
  const set = await runInProcess(["config", "set", "providers.local.base_url", base], workspace);
  assert.equal(set.code, 0, set.stderr);
  const result = await runInProcess(["models", "local", "--refresh"], {
    ...workspace,
    env: { OMNIMANCER_LOCAL_API_KEY: "Zq7x9w" },
  });
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /shorter than 8 characters/);
  assert.ok(!`${result.stdout}${result.stderr}`.includes("Zq7x9w"), result.stderr);
  assert.deepEqual(seen, []);
});
