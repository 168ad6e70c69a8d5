/**
 * A custom endpoint named like a property every object has (`constructor`,
 * the one such name of lowercase letters that the config accepts) is
 * itself, not the property found on the providers' tables.
 *
 * @module
 */
import assert from "node:assert/strict";
import { canonicalProvider } from "../../src/providers/registry.ts";
import { knownProvider } from "../../src/providers/model_choice.ts";
import { listLiveModels } from "../../src/providers/list_live_models.ts";
import type { Config } from "../../src/config/schema.ts";

const config: Config = {
  version: 1,
  providers: { constructor: { base_url: "http://127.0.0.1:9/v1" } },
};

Deno.test("a custom endpoint named constructor is found, not refused as an unknown provider", () => {
  // review: PROVIDER_ALIASES["constructor"] is Object's constructor, so `omn config set
  // providers.constructor.base_url …` succeeded and every `--provider constructor` exited 2.
  assert.equal(canonicalProvider("constructor", config), "constructor");
  assert.equal(knownProvider("constructor", config), "constructor");
});

Deno.test("omn models constructor --refresh asks the endpoint like OpenAI", async () => {
  const urls: string[] = [];
  const fetch = (input: RequestInfo | URL) => {
    urls.push(String(input));
    return Promise.resolve(Response.json({ data: [{ id: "m1" }] }));
  };
  const ids = await listLiveModels(
    "constructor",
    "http://127.0.0.1:9/v1",
    { provider: "constructor", fields: {}, missing: [] },
    fetch as typeof globalThis.fetch,
  );
  assert.deepEqual(ids, ["m1"]);
  assert.deepEqual(urls, ["http://127.0.0.1:9/v1/models"]);
});
