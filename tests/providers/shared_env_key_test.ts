import assert from "node:assert/strict";
import { createModel } from "../../src/providers/registry.ts";
import { ExitCode } from "../../src/core/errors.ts";
import type { Config } from "../../src/config/schema.ts";
import type { CredentialSources } from "../../src/credentials/resolve_credentials.ts";

const KEY = "CANARY-corp-gateway-key-0123456789";

function sourcesFrom(config: Config, env: Record<string, string>) {
  return (provider: string): CredentialSources => ({
    env: (name) => env[name],
    dotenvCwd: {},
    dotenvConfig: {},
    config: config.providers?.[provider],
  });
}

async function ask(provider: string, config: Config, env: Record<string, string>) {
  const sent: string[] = [];
  const fetch = (input: RequestInfo | URL) => {
    sent.push(String(input instanceof Request ? input.url : input));
    return Promise.resolve(new Response("{}", { status: 500 }));
  };
  let error: unknown;
  try {
    const model = await createModel({
      provider,
      modelId: "m",
      config,
      sourcesFor: sourcesFrom(config, env),
      fetch: fetch as typeof globalThis.fetch,
      network: { maxRetries: 0 },
    });
    for await (const _ of model.stream({ messages: [{ role: "user", content: "hi" }] })) {
      // drain
    }
  } catch (caught) {
    error = caught;
  }
  return { sent, error };
}

Deno.test("a custom endpoint's variable that also names another endpoint's key is refused, nothing sent", async () => {
  // review: OMNIMANCER_CORP_GW_API_KEY, set for corp-gw, went to corp_gw's endpoint too.
  const config: Config = {
    version: 1,
    providers: {
      "corp-gw": { base_url: "http://127.0.0.1:9/v1" },
      "corp_gw": { base_url: "http://127.0.0.1:10/v1" },
    },
  };
  for (const provider of ["corp-gw", "corp_gw"]) {
    const { sent, error } = await ask(provider, config, { OMNIMANCER_CORP_GW_API_KEY: KEY });
    assert.deepEqual(sent, [], provider);
    assert.equal((error as { exitCode?: number })?.exitCode, ExitCode.Refused, String(error));
    const message = (error as Error).message;
    assert.match(message, /OMNIMANCER_CORP_GW_API_KEY/);
    assert.match(message, /corp-gw/);
    assert.match(message, /corp_gw/);
    assert.ok(!message.includes(KEY));
  }
});

Deno.test("a stored key of one of two such endpoints is its own: it is used", async () => {
  const config: Config = {
    version: 1,
    providers: {
      "corp-gw": { base_url: "http://127.0.0.1:9/v1", api_key: KEY },
      "corp_gw": { base_url: "http://127.0.0.1:10/v1" },
    },
  };
  const { sent } = await ask("corp-gw", config, {});
  assert.deepEqual(sent, ["http://127.0.0.1:9/v1/chat/completions"]);
});
