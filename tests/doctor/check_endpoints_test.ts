import assert from "node:assert/strict";
import { assessEndpoint, checkEndpoints } from "../../src/doctor/check_endpoints.ts";

Deno.test("assessEndpoint accepts https and loopback http only", () => {
  assert.deepEqual(assessEndpoint("https://gateway.example/v1"), { ok: true });
  assert.deepEqual(assessEndpoint("http://127.0.0.1:8080/v1"), { ok: true });
  assert.deepEqual(assessEndpoint("http://[::1]/v1"), { ok: true });
  assert.equal(assessEndpoint("http://gateway.example/v1").ok, false);
  assert.equal(assessEndpoint("https://user:pw@gateway.example/v1").ok, false);
  assert.equal(assessEndpoint("ftp://x").ok, false);
  assert.equal(assessEndpoint("not a url").ok, false);
});

Deno.test("checkEndpoints fails plain HTTP, warns a host outside the permission set, passes the rest", () => {
  const checks = checkEndpoints({
    version: 1,
    providers: {
      openai: { default_model: "gpt-4o" },
      corp: { base_url: "http://gateway.example/v1" },
      gw: { base_url: "https://gw.example/v1" },
      ollama: { base_url: "http://localhost:11434/v1" },
      azure: { resource: "acme" },
    },
  }, (host) => host !== "gw.example");
  assert.deepEqual(checks.map((check) => `${check.status} ${check.id}`), [
    "pass endpoint.openai",
    "fail endpoint.corp",
    "warn endpoint.gw",
    "pass endpoint.ollama",
    "pass endpoint.azure",
  ]);
  assert.match(checks[1].fix!, /omn config set providers\.corp\.base_url https:/);
  assert.match(checks[2].fix!, /OMNIMANCER_EXTRA_HOSTS=gw\.example/);
  assert.deepEqual(
    checkEndpoints({ version: 1 }, () => true).map((check) => check.status),
    ["pass"],
  );
});
