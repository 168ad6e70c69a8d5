import assert from "node:assert/strict";
import { providerEndpoint } from "../../src/providers/provider_endpoint.ts";
import { endpointHost } from "../../src/ask/ask_accounting.ts";
import type { Config } from "../../src/config/schema.ts";

const config: Config = {
  version: 1,
  providers: {
    anthropic: { base_url: "https://gateway.example.com/anthropic" },
    local: { base_url: "http://127.0.0.1:8080/v1" },
  },
};

Deno.test("providerEndpoint: --base-url, then the config's base_url, then the provider's own", () => {
  assert.equal(providerEndpoint("openai", config), "https://api.openai.com/v1");
  assert.equal(providerEndpoint("anthropic", config), "https://gateway.example.com/anthropic");
  assert.equal(
    providerEndpoint("anthropic", config, "http://127.0.0.1:9/v1"),
    "http://127.0.0.1:9/v1",
  );
  assert.equal(providerEndpoint("local", config), "http://127.0.0.1:8080/v1");
});

Deno.test("providerEndpoint: none for mock, an unknown provider, or missing settings", () => {
  assert.equal(providerEndpoint("mock", config), undefined);
  assert.equal(providerEndpoint("nosuch", config), undefined);
  assert.equal(providerEndpoint("azure", config), undefined);
  for (const name of ["constructor", "toString", "__proto__"]) {
    assert.equal(providerEndpoint(name, { version: 1, providers: {} }), undefined, name);
  }
});

Deno.test("endpointHost is the host of providerEndpoint, never a path; null without one", () => {
  assert.equal(endpointHost("anthropic", config), "gateway.example.com");
  assert.equal(endpointHost("local", config), "127.0.0.1:8080");
  assert.equal(endpointHost("mock", config), null);
  assert.equal(endpointHost("openai", config, "not a url"), null);
});
