import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import type { Config } from "../../src/config/schema.ts";
import type { CredentialSources } from "../../src/credentials/resolve_credentials.ts";
import { resolveCredentials } from "../../src/credentials/resolve_credentials.ts";
import {
  awsManagerCredentials,
  gcpManagerServiceAccount,
  resolveStoredReferences,
  withResolvedReferences,
} from "../../src/credentials/resolve_stored_references.ts";
import { parseSecretRef } from "../../src/config/parse_secret_ref.ts";
import type { SecretResolver } from "../../src/secrets/resolve_secret_ref.ts";
import * as canary from "./_canaries.ts";

function sourcesOf(config: Config, env: Record<string, string> = {}) {
  return (provider: string): CredentialSources => ({
    env: (name) => env[name],
    dotenvCwd: {},
    dotenvConfig: {},
    config: config.providers?.[provider],
  });
}

/** A resolver over a table of values; records what it was asked. */
function tableResolver(values: Record<string, string>): SecretResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = (text: string) => {
    asked.push(text);
    if (!Object.hasOwn(values, text)) {
      return Promise.reject(new RefusalError(`Cannot resolve the secret reference "${text}"`));
    }
    return Promise.resolve({ ref: parseSecretRef(text), value: values[text] });
  };
  return Object.assign(resolve, { asked });
}

const openai = canary.openaiProjectKey("HOOK");
const anthropic = canary.anthropicKey("HOOK");

Deno.test("stored references are resolved and replaced in memory, with the kind as the source", async () => {
  const config: Config = {
    version: 1,
    providers: {
      openai: { api_key: "vault://secret/openai#key", key_updated_at: "2026-01-01T00:00:00Z" },
      anthropic: { api_key: anthropic },
    },
  };
  const resolve = tableResolver({ "vault://secret/openai#key": openai });
  const sourcesFor = sourcesOf(config);
  const outcomes = await resolveStoredReferences(config, { sourcesFor, resolve });
  const sources = withResolvedReferences(sourcesFor("openai"), outcomes.get("openai"));
  const found = resolveCredentials("openai", sources).fields.api_key!;
  assert.equal(found.value, openai);
  assert.equal(found.source, "vault");
  assert.equal(found.variable, "vault://secret/openai#key");
  assert.equal(found.updatedAt, "2026-01-01T00:00:00Z");
  assert.equal(config.providers!.openai.api_key, "vault://secret/openai#key", "config untouched");
  assert.equal(outcomes.has("anthropic"), false);
  assert.deepEqual(resolve.asked, ["vault://secret/openai#key"]);
});

Deno.test("a reference shadowed by the environment is never fetched", async () => {
  const config: Config = { version: 1, providers: { openai: { api_key: "vault://x#y" } } };
  const resolve = tableResolver({});
  await resolveStoredReferences(config, {
    sourcesFor: sourcesOf(config, { OPENAI_API_KEY: openai }),
    resolve,
  });
  assert.deepEqual(resolve.asked, []);
});

Deno.test("a failing reference fails only its own provider, when its sources are asked for", async () => {
  const config: Config = {
    version: 1,
    providers: {
      openai: { api_key: "vault://secret/openai#key" },
      anthropic: { api_key: "aws-sm://missing" },
    },
  };
  const sourcesFor = sourcesOf(config);
  const outcomes = await resolveStoredReferences(config, {
    sourcesFor,
    resolve: tableResolver({ "vault://secret/openai#key": openai }),
  });
  assert.equal(
    resolveCredentials(
      "openai",
      withResolvedReferences(sourcesFor("openai"), outcomes.get("openai")),
    )
      .fields.api_key?.value,
    openai,
  );
  assert.throws(
    () => withResolvedReferences(sourcesFor("anthropic"), outcomes.get("anthropic")),
    (error: unknown) => error instanceof RefusalError && /"aws-sm:\/\/missing"/.test(error.message),
  );
});

Deno.test("only the providers named are fetched", async () => {
  const config: Config = {
    version: 1,
    providers: {
      openai: { api_key: "vault://secret/openai#key" },
      anthropic: { api_key: "vault://secret/anthropic#key" },
    },
  };
  const resolve = tableResolver({ "vault://secret/openai#key": openai });
  const sourcesFor = sourcesOf(config);
  const outcomes = await resolveStoredReferences(config, {
    sourcesFor,
    resolve,
    providers: ["openai"],
  });
  assert.deepEqual(resolve.asked, ["vault://secret/openai#key"]);
  assert.throws(
    () => withResolvedReferences(sourcesFor("anthropic"), outcomes.get("anthropic")),
    /was not resolved for this command/,
  );
});

Deno.test("the managers' own credentials may not be references", async () => {
  const config: Config = {
    version: 1,
    providers: {
      bedrock: { aws_access_key_id: "env://OMNIMANCER_ID", aws_secret_access_key: "x".repeat(40) },
      vertex: { service_account: "gcp-sm://projects/p-roject/secrets/s" },
    },
  };
  assert.throws(
    () => awsManagerCredentials(sourcesOf(config)("bedrock")),
    /AWS credential \(from the config file\) is itself a secret reference/,
  );
  await assert.rejects(
    gcpManagerServiceAccount(() => undefined, sourcesOf(config)("vertex")),
    /Vertex AI service account \(from the config file\) is itself a secret reference/,
  );
});

Deno.test("AWS credentials and region for Secrets Manager are Bedrock's, as resolved", () => {
  const id = canary.awsAccessKeyId("HOOK");
  const secret = canary.awsSecretAccessKey("HOOK");
  const credentials = awsManagerCredentials(
    sourcesOf({ version: 1 }, {
      AWS_ACCESS_KEY_ID: id,
      AWS_SECRET_ACCESS_KEY: secret,
      AWS_DEFAULT_REGION: "eu-north-1",
    })("bedrock"),
  );
  assert.deepEqual(credentials, {
    accessKeyId: id,
    secretAccessKey: secret,
    sessionToken: undefined,
    region: "eu-north-1",
  });
  assert.throws(
    () => awsManagerCredentials(sourcesOf({ version: 1 })("bedrock")),
    /no AWS access keys/,
  );
});

Deno.test("the Google service account is OMNIMANCER_GCP_SERVICE_ACCOUNT, else Vertex's", async () => {
  const inline = canary.serviceAccountJson("GCPENV");
  const stored = canary.serviceAccountJson("GCPCONFIG");
  const config: Config = { version: 1, providers: { vertex: { service_account: stored } } };
  const env = { OMNIMANCER_GCP_SERVICE_ACCOUNT: inline };
  assert.deepEqual(
    await gcpManagerServiceAccount(
      (name) => env[name as keyof typeof env],
      sourcesOf(config)("vertex"),
    ),
    { json: inline, origin: "OMNIMANCER_GCP_SERVICE_ACCOUNT" },
  );
  assert.deepEqual(await gcpManagerServiceAccount(() => undefined, sourcesOf(config)("vertex")), {
    json: stored,
    origin: "the Vertex AI key (the config file)",
  });
  await assert.rejects(
    gcpManagerServiceAccount(() => undefined, sourcesOf({ version: 1 })("vertex")),
    /no Google service account: set OMNIMANCER_GCP_SERVICE_ACCOUNT/,
  );
});
