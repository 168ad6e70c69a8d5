import assert from "node:assert/strict";
import { redact } from "../../src/security/redact.ts";
import { anthropicKey, MARKER, openaiProjectKey, pad } from "../credentials/_canaries.ts";
import { startVaultFake } from "../fakes/vault_fake.ts";
import { refusal, testResolver } from "./_resolver.ts";

const token = "hvs." + pad(`${MARKER}vaulttoken`, 40);

Deno.test("vault:// reads a KV v2 field with X-Vault-Token and X-Vault-Namespace", async () => {
  const key = openaiProjectKey("VAULT");
  const other = anthropicKey("VAULTOTHER");
  await using vault = await startVaultFake({
    token,
    namespace: "team-a",
    secrets: { "kv/llm/openai": { api_key: key, other } },
  });
  const resolve = testResolver({
    env: { VAULT_ADDR: `${vault.url}/`, VAULT_TOKEN: token, VAULT_NAMESPACE: "team-a" },
  });
  const resolved = await resolve("vault://kv/llm/openai#api_key");
  assert.equal(resolved.value, key);
  assert.equal(resolved.ref.kind, "vault");
  assert.equal(vault.requests.length, 1);
  assert.equal(vault.requests[0].url.pathname, "/v1/kv/data/llm/openai");
  assert.equal(vault.requests[0].headers.get("x-vault-token"), token);
  assert.equal(vault.requests[0].headers.get("x-vault-namespace"), "team-a");
  assert.match(vault.requests[0].headers.get("user-agent") ?? "", /^omnimancer\//);
  for (const secret of [key, other, token]) assert.ok(!redact(`x ${secret} y`).includes(secret));
  // The same reference is fetched once per resolver.
  await resolve("vault://kv/llm/openai#api_key");
  assert.equal(vault.requests.length, 1);
  assert.deepEqual(vault.violations, []);
});

Deno.test("vault:// with one path segment reads the mount secret/", async () => {
  const key = openaiProjectKey("VAULTDEFAULT");
  await using vault = await startVaultFake({ token, secrets: { "secret/openai": { key } } });
  const resolve = testResolver({ env: { VAULT_ADDR: vault.url, VAULT_TOKEN: token } });
  assert.equal((await resolve("vault://openai#key")).value, key);
  assert.equal(vault.requests[0].url.pathname, "/v1/secret/data/openai");
  assert.equal(vault.requests[0].headers.has("x-vault-namespace"), false);
  assert.deepEqual(vault.violations, []);
});

Deno.test("vault:// failures name the reference and never the token", async () => {
  await using vault = await startVaultFake({
    token,
    secrets: { "secret/openai": { key: openaiProjectKey("VAULTFAIL"), number: 7 } },
  });
  const env = { VAULT_ADDR: vault.url, VAULT_TOKEN: token };
  const cases: [Record<string, string>, string, RegExp][] = [
    [{}, "vault://openai#key", /"vault:\/\/openai#key".*VAULT_ADDR is not set/],
    [{ VAULT_ADDR: vault.url }, "vault://openai#key", /VAULT_TOKEN is not set/],
    [
      { ...env, VAULT_TOKEN: "hvs.wrong-token-0123456789" },
      "vault://openai#key",
      /403.*permission denied/,
    ],
    [env, "vault://secret/missing#key", /no secret "secret\/missing" \(404/],
    [env, "vault://openai#nope", /has no field "nope"/],
    [env, "vault://openai#number", /"number" is not a non-empty string/],
    [
      { ...env, VAULT_ADDR: "http://vault.example.com:8200" },
      "vault://openai#key",
      /only https:\/\//,
    ],
    [{ ...env, VAULT_ADDR: "vault.example.com" }, "vault://openai#key", /VAULT_ADDR is not a URL/],
  ];
  for (const [environment, ref, expected] of cases) {
    const message = await refusal(testResolver({ env: environment })(ref));
    assert.match(message, expected, message);
    assert.ok(message.includes(`"${ref}"`), message);
    assert.ok(!message.includes(token), message);
  }
  assert.deepEqual(vault.violations, []);
});

Deno.test("vault:// never follows a redirect (the token must not reach another origin)", async () => {
  await using other = await startVaultFake({ token, secrets: { "secret/x": { k: "v" } } });
  const redirecting = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () =>
      new Response(null, { status: 307, headers: { location: `${other.url}/v1/secret/data/x` } }),
  );
  try {
    const address = redirecting.addr as Deno.NetAddr;
    const message = await refusal(
      testResolver({
        env: { VAULT_ADDR: `http://127.0.0.1:${address.port}`, VAULT_TOKEN: token },
      })("vault://x#k"),
    );
    assert.match(message, /redirect/);
    assert.equal(other.requests.length, 0);
  } finally {
    await redirecting.shutdown();
  }
});
