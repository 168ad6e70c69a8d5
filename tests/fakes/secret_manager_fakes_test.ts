/**
 * The secret-manager fakes refuse what their real service refuses, and
 * record what a real client would never send as a violation.
 *
 * @module
 */
import assert from "node:assert/strict";
import { startAwsSecretsManagerFake } from "./aws_secrets_manager_fake.ts";
import { startAzureKeyVaultFake } from "./azure_key_vault_fake.ts";
import { startGcpSecretManagerFake } from "./gcp_secret_manager_fake.ts";
import { signSigV4 } from "./_sigv4.ts";
import { createTestServiceAccount } from "./_test_service_account.ts";
import { startVaultFake } from "./vault_fake.ts";

async function call(url: string, init?: RequestInit): Promise<[number, unknown]> {
  const response = await fetch(url, init);
  const text = await response.text();
  return [response.status, text === "" ? undefined : JSON.parse(text)];
}

Deno.test("vault fake: token, namespace, method and route as Vault checks them", async () => {
  await using vault = await startVaultFake({
    token: "hvs.right-token-123",
    namespace: "ns1",
    secrets: { "secret/a": { k: "v" } },
  });
  const headers = { "x-vault-token": "hvs.right-token-123", "x-vault-namespace": "ns1" };
  const [status, body] = await call(`${vault.url}/v1/secret/data/a`, { headers });
  assert.equal(status, 200);
  assert.deepEqual((body as { data: { data: unknown } }).data.data, { k: "v" });
  assert.deepEqual(await call(`${vault.url}/v1/secret/data/b`, { headers }), [404, { errors: [] }]);
  assert.deepEqual(
    await call(`${vault.url}/v1/secret/data/a`, { headers: { ...headers, "x-vault-token": "x" } }),
    [403, { errors: ["permission denied"] }],
  );
  assert.equal(vault.violations.length, 0);
  await call(`${vault.url}/v1/secret/data/a`);
  await call(`${vault.url}/v1/secret/data/a`, {
    headers: { "x-vault-token": "hvs.right-token-123" },
  });
  await call(`${vault.url}/v1/secret/data/a`, { method: "POST", headers, body: "{}" });
  await call(`${vault.url}/v1/other/data/a`, { headers });
  assert.equal(vault.violations.length, 4, vault.violations.join("\n"));
  vault.takeViolations();
});

Deno.test("aws-sm fake: SigV4, target and content type as the service checks them", async () => {
  const credentials = { accessKeyId: "AKIAFAKEFAKEFAKE2345", secretAccessKey: "s".repeat(40) };
  await using sm = await startAwsSecretsManagerFake({
    credentials: [credentials],
    region: "us-east-1",
    secrets: { app: { SecretString: "value-123" } },
  });
  const signed = (body: string, extra: Record<string, string> = {}, signWith = credentials) => {
    const headers = signSigV4({
      method: "POST",
      url: `${sm.url}/`,
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "secretsmanager.GetSecretValue",
        ...extra,
      },
      body,
      credentials: signWith,
      region: "us-east-1",
      service: "secretsmanager",
    });
    return { method: "POST", headers, body };
  };
  const [status, body] = await call(`${sm.url}/`, signed(JSON.stringify({ SecretId: "app" })));
  assert.equal(status, 200);
  assert.equal((body as { SecretString: string }).SecretString, "value-123");
  assert.deepEqual(
    (await call(`${sm.url}/`, signed(JSON.stringify({ SecretId: "nope" }))))[0],
    400,
  );
  await call(
    `${sm.url}/`,
    signed(JSON.stringify({ SecretId: "app" }), {}, {
      ...credentials,
      accessKeyId: "AKIAOTHEROTHEROTHER2",
    }),
  );
  assert.equal(sm.violations.length, 0, sm.violations.join("\n"));
  await call(
    `${sm.url}/`,
    signed(JSON.stringify({ SecretId: "app" }), {
      "x-amz-target": "secretsmanager.ListSecrets",
    }),
  );
  const tampered = signed(JSON.stringify({ SecretId: "app" }));
  await call(`${sm.url}/`, { ...tampered, body: JSON.stringify({ SecretId: "other" }) });
  await call(`${sm.url}/`, signed(JSON.stringify({ Name: "app" })));
  assert.equal(sm.violations.length, 3, sm.violations.join("\n"));
  sm.takeViolations();
});

Deno.test("azure fake: Entra errors for wrong credentials, violations for malformed requests", async () => {
  await using kv = await startAzureKeyVaultFake({
    tenantId: "t1",
    clientId: "c1",
    clientSecret: "secret-123456",
    vault: "v1",
    secrets: { s: { ["a".repeat(32)]: "value-123" } },
  });
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  const good = {
    grant_type: "client_credentials",
    client_id: "c1",
    client_secret: "secret-123456",
    scope: "https://vault.azure.net/.default",
  };
  const [status, token] = await call(`${kv.url}/t1/oauth2/v2.0/token`, form(good));
  assert.equal(status, 200);
  const bearer = (token as { access_token: string }).access_token;
  const [wrong, error] = await call(
    `${kv.url}/t1/oauth2/v2.0/token`,
    form({ ...good, client_secret: "x" }),
  );
  assert.equal(wrong, 401);
  assert.equal((error as { error: string }).error, "invalid_client");
  const get = (path: string, auth = true) =>
    call(`${kv.url}${path}`, { headers: auth ? { authorization: `Bearer ${bearer}` } : {} });
  assert.equal((await get("/secrets/s?api-version=7.4"))[0], 200);
  assert.equal((await get("/secrets/missing?api-version=7.4"))[0], 404);
  assert.equal(kv.violations.length, 0, kv.violations.join("\n"));
  assert.equal((await get("/secrets/s"))[0], 400);
  assert.equal((await get("/secrets/s?api-version=7.4", false))[0], 401);
  await call(`${kv.url}/t1/oauth2/v2.0/token`, form({ ...good, scope: "https://graph" }));
  await call(`${kv.url}/t1/oauth2/v2.0/token?client_secret=x`, form(good));
  assert.equal(kv.violations.length, 4, kv.violations.join("\n"));
  kv.takeViolations();
});

Deno.test("gcp fake: only issued tokens, Google's errors, violations for malformed requests", async () => {
  const account = await createTestServiceAccount({ projectId: "p-project" });
  await using sm = await startGcpSecretManagerFake({
    serviceAccount: account,
    project: "p-project",
    secrets: { s: ["value-123"] },
  });
  const access = "/v1/projects/p-project/secrets/s/versions/latest:access";
  assert.equal(
    (await call(`${sm.url}${access}`, { headers: { authorization: "Bearer x" } }))[0],
    401,
  );
  await call(`${sm.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  await call(`${sm.url}/v1/projects/p-project/secrets/s`, { method: "DELETE" });
  assert.equal(sm.violations.length, 3, sm.violations.join("\n"));
  sm.takeViolations();
});
