import assert from "node:assert/strict";
import { azureVaultUrl } from "../../src/secrets/azure_key_vault.ts";
import { redact } from "../../src/security/redact.ts";
import { anthropicKey, MARKER, openaiProjectKey, pad } from "../credentials/_canaries.ts";
import { startAzureKeyVaultFake } from "../fakes/azure_key_vault_fake.ts";
import { refusal, testResolver } from "./_resolver.ts";

const TENANT = "00000000-1111-2222-3333-444444444444";
const CLIENT = "55555555-6666-7777-8888-999999999999";
const clientSecret = pad(`${MARKER}~azure.secret_`, 40);
const VERSION = "0123456789abcdef0123456789abcdef";

async function start() {
  return await startAzureKeyVaultFake({
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret,
    vault: "team-vault",
    secrets: {
      "openai-key": {
        [VERSION]: openaiProjectKey("AZOLD"),
        ["f".repeat(32)]: openaiProjectKey("AZ"),
      },
      "anthropic-key": { ["a".repeat(32)]: anthropicKey("AZ") },
    },
  });
}

function environment(overrides: Record<string, string> = {}) {
  return {
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: CLIENT,
    AZURE_CLIENT_SECRET: clientSecret,
    ...overrides,
  };
}

Deno.test("azure-kv:// gets a token by client credentials once, then each secret", async () => {
  await using fake = await start();
  const resolve = testResolver({
    env: environment(),
    settings: { azure_kv: { endpoint: fake.url, authority_host: fake.url } },
  });
  assert.equal((await resolve("azure-kv://team-vault/openai-key")).value, openaiProjectKey("AZ"));
  assert.equal(
    (await resolve(`azure-kv://team-vault/openai-key/${VERSION}`)).value,
    openaiProjectKey("AZOLD"),
  );
  assert.equal((await resolve("azure-kv://team-vault/anthropic-key")).value, anthropicKey("AZ"));
  const paths = fake.requests.map((request) => request.url.pathname);
  assert.deepEqual(paths, [
    `/${TENANT}/oauth2/v2.0/token`,
    "/secrets/openai-key",
    `/secrets/openai-key/${VERSION}`,
    "/secrets/anthropic-key",
  ]);
  const form = new URLSearchParams(fake.requests[0].bodyText);
  assert.equal(form.get("scope"), "https://vault.azure.net/.default");
  assert.equal(fake.requests[1].url.searchParams.get("api-version"), "7.4");
  for (const secret of [clientSecret, ...fake.issuedTokens]) {
    assert.ok(!redact(`x ${secret} y`).includes(secret));
  }
  assert.deepEqual(fake.violations, []);
});

Deno.test("azureVaultUrl puts the vault name in the default or configured endpoint", () => {
  assert.equal(azureVaultUrl("team-vault"), "https://team-vault.vault.azure.net");
  assert.equal(
    azureVaultUrl("team-vault", "https://{vault}.vault.azure.cn/"),
    "https://team-vault.vault.azure.cn",
  );
  assert.equal(azureVaultUrl("x", "https://kv.corp.example"), "https://kv.corp.example");
  assert.throws(() => azureVaultUrl("x", "https://u:p@kv.example"), /must not hold/);
});

Deno.test("azure-kv:// failures name the reference and never the client secret", async () => {
  await using fake = await start();
  const settings = { azure_kv: { endpoint: fake.url, authority_host: fake.url } };
  const cases: [Record<string, string>, string, RegExp][] = [
    [
      {},
      "azure-kv://team-vault/openai-key",
      /AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET not set/,
    ],
    [
      environment({ AZURE_CLIENT_SECRET: pad(`${MARKER}wrong`, 40) }),
      "azure-kv://team-vault/openai-key",
      /Microsoft Entra refused the client credentials \(401: AADSTS7000215: Invalid client secret/,
    ],
    [
      environment({ AZURE_TENANT_ID: "other.example.com" }),
      "azure-kv://team-vault/x",
      /AADSTS90002/,
    ],
    [
      environment(),
      "azure-kv://team-vault/missing",
      /404: SecretNotFound: A secret with \(name\/id\) missing/,
    ],
  ];
  for (const [env, ref, expected] of cases) {
    const message = await refusal(testResolver({ env, settings })(ref));
    assert.match(message, expected, message);
    assert.ok(message.includes(`"${ref}"`), message);
    assert.ok(!message.includes(clientSecret) && !message.includes(MARKER), message);
    assert.equal(message.split("\n").length, 1, message);
  }
  assert.deepEqual(fake.violations, []);
});
