/**
 * Secret references end to end, with the real CLI in process (and under the
 * release permission set for what only it refuses): `keys set --ref` for each kind, `keys list` and
 * `providers` showing the kind as the source, `ask` sending the referenced
 * key to a provider fake, failures exiting 3 naming the reference, and the
 * canary values never reaching a file of the config directory or any output.
 *
 * The managers are local fakes reached through their documented settings:
 * `VAULT_ADDR`, `AWS_ENDPOINT_URL_SECRETS_MANAGER`, `secrets.azure_kv.*`,
 * `secrets.gcp_sm.endpoint` and the service account's `token_uri`.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  awsAccessKeyId,
  awsSecretAccessKey,
  MARKER,
  openaiProjectKey,
  pad,
} from "../credentials/_canaries.ts";
import { startAwsSecretsManagerFake } from "../fakes/aws_secrets_manager_fake.ts";
import { startAzureKeyVaultFake } from "../fakes/azure_key_vault_fake.ts";
import { startGcpSecretManagerFake } from "../fakes/gcp_secret_manager_fake.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { createTestServiceAccount } from "../fakes/_test_service_account.ts";
import { DEFAULT_REPLY } from "../fakes/_fake_server.ts";
import { startVaultFake } from "../fakes/vault_fake.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { type OmnResult, runOmn, tempWorkspace, type Workspace } from "./_omn.ts";

const vaultToken = "hvs." + pad(`${MARKER}e2evaulttoken`, 40);

/** Runs `omn` in process in a workspace with extra environment variables. */
function omn(workspace: Workspace, args: string[], env: Record<string, string> = {}) {
  return runInProcess(args, { home: workspace.home, cwd: workspace.cwd, env });
}

/** Runs the bundle under the permission set, for what only the permission set refuses. */
function omnUnderPermissions(
  workspace: Workspace,
  args: string[],
  env: Record<string, string> = {},
) {
  return runOmn(args, { home: workspace.home, cwd: workspace.cwd, env });
}

function outputs(results: Record<string, OmnResult>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(results).flatMap((
      [name, result],
    ) => [[`${name} stdout`, result.stdout], [`${name} stderr`, result.stderr]]),
  );
}

/**
 * The journey every kind goes through: store the reference, list it, ask
 * with it; then checks that the key reached the provider and nothing else.
 */
async function journey(options: {
  ref: string;
  kind: string;
  key: string;
  env: Record<string, string>;
  secrets: string[];
  setup?: (workspace: Workspace) => Promise<void>;
}): Promise<void> {
  await using workspace = await tempWorkspace();
  await using provider = await startOpenAIChatFake({ apiKey: options.key, flavor: "openai" });
  await options.setup?.(workspace);
  const set = await omn(workspace, ["keys", "set", "openai", "--ref", options.ref], options.env);
  assert.equal(set.code, 0, set.stderr);
  assert.ok(set.stderr.includes(`"${options.ref}"`), set.stderr);
  assert.match(set.stderr, /sk-proj-\*\*\* ?,? ?\(?fp:[0-9a-f]{12}/);
  const config = JSON.parse(await Deno.readTextFile(`${workspace.home}/config.json`));
  assert.equal(config.providers.openai.api_key, options.ref);

  const list = await omn(workspace, ["keys", "list", "--json"], options.env);
  assert.equal(list.code, 0, list.stderr);
  const row = JSON.parse(list.stdout).keys.find((key: { provider: string }) =>
    key.provider === "openai"
  );
  assert.equal(row.source, options.kind);
  assert.equal(row.variable, options.ref);
  assert.equal(row.masked, "sk-proj-***");
  assert.equal(row.format, "ok");

  const providers = await omn(workspace, ["providers"], options.env);
  assert.equal(providers.code, 0, providers.stderr);
  assert.match(providers.stdout, new RegExp(`^openai\\tconfigured\\t.*from ${options.kind} `, "m"));

  const ask = await omn(workspace, [
    "ask",
    "--provider",
    "openai",
    "--base-url",
    provider.baseURL,
    "--model",
    "gpt-4o-mini",
    "hello",
  ], options.env);
  assert.equal(ask.code, 0, ask.stderr);
  assert.equal(ask.stdout, DEFAULT_REPLY + "\n");
  assert.equal(provider.requests.at(-1)?.headers.get("authorization"), `Bearer ${options.key}`);
  assert.deepEqual(provider.violations, []);

  const secrets = [options.key, ...options.secrets];
  assertNoCanary(outputs({ set, list, providers, ask }), secrets);
  await assertNoCanaryInTree(workspace.home, secrets);
}

Deno.test("vault:// — keys set --ref, keys list, providers and ask, the key never on disk", async () => {
  const key = openaiProjectKey("E2EVAULT");
  await using vault = await startVaultFake({
    token: vaultToken,
    secrets: { "secret/team/openai": { api_key: key } },
  });
  await journey({
    ref: "vault://secret/team/openai#api_key",
    kind: "vault",
    key,
    env: { VAULT_ADDR: vault.url, VAULT_TOKEN: vaultToken },
    secrets: [vaultToken],
  });
  assert.deepEqual(vault.violations, []);
});

Deno.test("aws-sm:// — signed with the resolved AWS keys at AWS_ENDPOINT_URL_SECRETS_MANAGER", async () => {
  const key = openaiProjectKey("E2EAWS");
  const credentials = {
    accessKeyId: awsAccessKeyId("E2ESM"),
    secretAccessKey: awsSecretAccessKey("E2ESM"),
  };
  await using sm = await startAwsSecretsManagerFake({
    credentials: [credentials],
    region: "eu-west-1",
    secrets: { "prod/llm": { SecretString: JSON.stringify({ openai: key }) } },
  });
  await journey({
    ref: "aws-sm://prod/llm#openai",
    kind: "aws-sm",
    key,
    env: {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: "eu-west-1",
    },
    secrets: [credentials.secretAccessKey],
  });
  assert.deepEqual(sm.violations, []);
});

Deno.test("azure-kv:// — Entra client credentials, endpoints from secrets.azure_kv", async () => {
  const key = openaiProjectKey("E2EAZURE");
  const clientSecret = pad(`${MARKER}~e2e.azure_`, 40);
  await using kv = await startAzureKeyVaultFake({
    tenantId: "contoso.onmicrosoft.com",
    clientId: "55555555-6666-7777-8888-999999999999",
    clientSecret,
    vault: "team-vault",
    secrets: { "openai-key": { ["c".repeat(32)]: key } },
  });
  await journey({
    ref: "azure-kv://team-vault/openai-key",
    kind: "azure-kv",
    key,
    env: {
      AZURE_TENANT_ID: "contoso.onmicrosoft.com",
      AZURE_CLIENT_ID: "55555555-6666-7777-8888-999999999999",
      AZURE_CLIENT_SECRET: clientSecret,
    },
    secrets: [clientSecret],
    setup: async (workspace) => {
      for (const setting of ["secrets.azure_kv.endpoint", "secrets.azure_kv.authority_host"]) {
        const set = await omn(workspace, ["config", "set", setting, kv.url]);
        assert.equal(set.code, 0, set.stderr);
      }
    },
  });
  assert.deepEqual(kv.violations, []);
});

Deno.test("gcp-sm:// — OMNIMANCER_GCP_SERVICE_ACCOUNT, endpoint from secrets.gcp_sm", async () => {
  const key = openaiProjectKey("E2EGCP");
  const account = await createTestServiceAccount({ projectId: "omn-test-project" });
  await using sm = await startGcpSecretManagerFake({
    serviceAccount: account,
    project: "omn-test-project",
    secrets: { "openai-key": [key] },
  });
  await journey({
    ref: "gcp-sm://projects/omn-test-project/secrets/openai-key/versions/1",
    kind: "gcp-sm",
    key,
    env: { OMNIMANCER_GCP_SERVICE_ACCOUNT: account.keyFileText(sm.tokenUrl) },
    secrets: [...account.privateKeyLines],
    setup: async (workspace) => {
      const set = await omn(workspace, ["config", "set", "secrets.gcp_sm.endpoint", sm.url]);
      assert.equal(set.code, 0, set.stderr);
    },
  });
  assert.deepEqual(sm.violations, []);
});

Deno.test("env:// — a variable the permission set allows", async () => {
  const key = openaiProjectKey("E2EENV");
  await journey({
    ref: "env://OMNIMANCER_TEAM_OPENAI",
    kind: "env",
    key,
    env: { OMNIMANCER_TEAM_OPENAI: key },
    secrets: [],
  });
});

Deno.test("failures exit 3 with one line naming the reference, never a value", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("E2EFAIL");
  const wrongKind = pad(`${MARKER}notanopenaikey`, 48);
  await using vault = await startVaultFake({
    token: vaultToken,
    secrets: { "secret/openai": { api_key: key, wrong: wrongKind } },
  });
  const env = { VAULT_ADDR: vault.url, VAULT_TOKEN: vaultToken };
  const check = (result: OmnResult, ref: string, detail: RegExp) => {
    assert.equal(result.code, 3, result.stderr);
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    assert.ok(result.stderr.includes(`"${ref}"`), result.stderr);
    assert.match(result.stderr, detail);
  };
  const results: Record<string, OmnResult> = {};

  results.format = await omn(
    workspace,
    ["keys", "set", "openai", "--ref", "vault://openai#wrong"],
    env,
  );
  check(results.format, "vault://openai#wrong", /not a valid key/);
  await assert.rejects(Deno.stat(`${workspace.home}/config.json`));

  results.malformed = await omn(
    workspace,
    ["keys", "set", "openai", "--ref", "vault://openai"],
    env,
  );
  check(results.malformed, "vault://openai", /field after "#" is missing/);

  results.path = await omnUnderPermissions(workspace, [
    "keys",
    "set",
    "openai",
    "--ref",
    "env://PATH",
  ]);
  check(results.path, "env://PATH", /refused by omn's permission set/);

  results.host = await omn(
    workspace,
    ["keys", "set", "openai", "--ref", "vault://openai#api_key"],
    {
      VAULT_ADDR: "https://vault.corp.example:8200",
      VAULT_TOKEN: vaultToken,
    },
  );
  check(results.host, "vault://openai#api_key", /OMNIMANCER_EXTRA_HOSTS=vault\.corp\.example/);

  // A reference that worked when stored and fails later: ask refuses before any provider request.
  results.set = await omn(
    workspace,
    ["keys", "set", "openai", "--ref", "vault://openai#api_key"],
    env,
  );
  assert.equal(results.set.code, 0, results.set.stderr);
  await using provider = await startOpenAIChatFake({ apiKey: key, flavor: "openai" });
  const ask = [
    "ask",
    "--provider",
    "openai",
    "--base-url",
    provider.baseURL,
    "-m",
    "gpt-4o-mini",
    "hi",
  ];
  results.revoked = await omn(workspace, ask, { ...env, VAULT_TOKEN: "hvs.revoked-0123456789" });
  check(results.revoked, "vault://openai#api_key", /403.*permission denied/);
  assert.equal(provider.requests.length, 0);

  // The endpoint of a manager is never taken from ./.env.
  await Deno.writeTextFile(`${workspace.cwd}/.env`, `VAULT_ADDR=http://127.0.0.1:9\n`);
  results.dotenv = await omn(workspace, ask, {
    VAULT_TOKEN: vaultToken,
    OMNIMANCER_TRUST_DOTENV: "1",
  });
  assert.equal(results.dotenv.code, 3);
  assert.match(results.dotenv.stderr, /Ignoring VAULT_ADDR in "\.\/\.env"/);
  assert.match(results.dotenv.stderr, /VAULT_ADDR is not set in the environment/);

  // A provider whose reference fails does not stop another one.
  results.mock = await omn(workspace, ["ask", "--provider", "mock", "hi"], { VAULT_TOKEN: "x" });
  assert.equal(results.mock.code, 0, results.mock.stderr);

  // keys list still lists the other keys, marks this one unreadable, and exits 3.
  const revokedEnv = {
    ...env,
    VAULT_TOKEN: "hvs.revoked-0123456789",
    MISTRAL_API_KEY: "A".repeat(32),
  };
  results.list = await omn(workspace, ["keys", "list"], revokedEnv);
  assert.equal(results.list.code, 3, results.list.stderr);
  assert.match(results.list.stdout, /^mistral\tapi_key\tenv/m);
  assert.match(
    results.list.stdout,
    /^openai\t(?:-\t)+unreadable: .*"vault:\/\/openai#api_key"/m,
  );
  assert.match(results.list.stderr, /"vault:\/\/openai#api_key"/);

  assertNoCanary(outputs(results), [key, wrongKind, vaultToken]);
  await assertNoCanaryInTree(workspace.home, [key, wrongKind, vaultToken]);
  assert.deepEqual(vault.violations, []);
});

Deno.test("bedrock takes its access keys as two references, in order", async () => {
  await using workspace = await tempWorkspace();
  const id = awsAccessKeyId("E2EREFID");
  const secret = awsSecretAccessKey("E2EREFSECRET");
  const env = { OMNIMANCER_TEAM_AWS_ID: id, OMNIMANCER_TEAM_AWS_SECRET: secret };
  const set = await omn(workspace, [
    "keys",
    "set",
    "bedrock",
    "--ref",
    "env://OMNIMANCER_TEAM_AWS_ID",
    "--ref",
    "env://OMNIMANCER_TEAM_AWS_SECRET",
  ], env);
  assert.equal(set.code, 0, set.stderr);
  const list = await omn(workspace, ["keys", "list", "--json"], env);
  const rows = JSON.parse(list.stdout).keys.filter((key: { provider: string }) =>
    key.provider === "bedrock"
  );
  assert.deepEqual(
    rows.map((row: { field: string; variable: string }) => [row.field, row.variable]),
    [
      ["access_key_id", "env://OMNIMANCER_TEAM_AWS_ID"],
      ["secret_access_key", "env://OMNIMANCER_TEAM_AWS_SECRET"],
    ],
  );
  const one = await omn(workspace, [
    "keys",
    "set",
    "bedrock",
    "--ref",
    "env://OMNIMANCER_TEAM_AWS_ID",
  ], env);
  assert.equal(one.code, 2, one.stderr);
  assertNoCanary(outputs({ set, list, one }), [id, secret]);
  await assertNoCanaryInTree(workspace.home, [id, secret]);
});
