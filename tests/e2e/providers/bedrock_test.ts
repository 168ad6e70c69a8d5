import assert from "node:assert/strict";
import {
  awsAccessKeyId,
  awsSecretAccessKey,
  awsSessionToken,
  bedrockApiKey,
} from "../../credentials/_canaries.ts";
import { startBedrockFake } from "../../fakes/bedrock_fake.ts";
import { DEFAULT_REPLY } from "../../fakes/_fake_server.ts";
import { assertNoCanary } from "../_canary_checks.ts";
import { runInProcess } from "../_in_process.ts";
import { tempWorkspace } from "../_workspace.ts";
import { BEDROCK, bedrockCase } from "./_provider_cases.ts";
import { providerContract } from "./_provider_contract.ts";

const { accessKeyId, secretAccessKey, region } = BEDROCK;

providerContract(bedrockCase);

Deno.test("bedrock: temporary credentials sign with the session token; a Bedrock API key works too", async () => {
  await using workspace = await tempWorkspace();
  const temporaryId = awsAccessKeyId("TMP", "ASIA");
  const sessionToken = awsSessionToken("E2E");
  {
    await using fake = await startBedrockFake({
      accessKeyId: temporaryId,
      secretAccessKey,
      sessionToken,
      region,
    });
    const result = await runInProcess(
      ["ask", "--provider", "bedrock", "--base-url", fake.baseURL, "hi"],
      {
        ...workspace,
        env: {
          AWS_ACCESS_KEY_ID: temporaryId,
          AWS_SECRET_ACCESS_KEY: secretAccessKey,
          AWS_SESSION_TOKEN: sessionToken,
          AWS_REGION: region,
        },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${DEFAULT_REPLY}\n`);
    assert.deepEqual(fake.violations, []);
    assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, [
      secretAccessKey,
      sessionToken,
    ]);
  }
  const apiKey = bedrockApiKey("E2E");
  {
    await using fake = await startBedrockFake({ accessKeyId, secretAccessKey, region, apiKey });
    const result = await runInProcess(
      ["ask", "--provider", "bedrock", "--base-url", fake.baseURL, "hi"],
      {
        ...workspace,
        env: { AWS_BEARER_TOKEN_BEDROCK: apiKey, AWS_REGION: region },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(fake.violations, []);
    assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, [apiKey]);
  }
});

Deno.test("bedrock: a missing or malformed region is refused before any request", async () => {
  await using workspace = await tempWorkspace();
  const env = { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
  const missing = await runInProcess(["ask", "--provider", "bedrock", "hi"], { ...workspace, env });
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /region/);
  const malformed = await runInProcess(["ask", "--provider", "bedrock", "hi"], {
    ...workspace,
    env: { ...env, AWS_REGION: "moon-base-1x" },
  });
  assert.equal(malformed.code, 3);
  assert.match(malformed.stderr, /AWS region.*us-east-1/);
});

Deno.test("bedrock: a wrong secret access key exits 4 naming it (or the clock), not the access key id", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startBedrockFake({ accessKeyId, secretAccessKey, region });
  const wrongSecret = awsSecretAccessKey("WRONG");
  const result = await runInProcess([
    "ask",
    "--provider",
    "bedrock",
    "--base-url",
    fake.baseURL,
    "hi",
  ], {
    ...workspace,
    env: { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: wrongSecret, AWS_REGION: region },
  });
  assert.equal(result.code, 4, result.stderr);
  assert.match(result.stderr, /rejected the request signature/);
  assert.match(result.stderr, /the secret access key .*from env AWS_SECRET_ACCESS_KEY/);
  assert.match(result.stderr, /wrong system clock/);
  assert.doesNotMatch(result.stderr, /AWS_ACCESS_KEY_ID/);
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, [wrongSecret, secretAccessKey]);
  // The wrong signature is what this test provokes: the fake's violation is expected.
  assert.match(fake.takeViolations().join("\n"), /InvalidSignatureException/);
});
