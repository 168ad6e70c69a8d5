import assert from "node:assert/strict";
import { redact } from "../../src/security/redact.ts";
import {
  awsAccessKeyId,
  awsSecretAccessKey,
  awsSessionToken,
  mistralKey,
  openaiProjectKey,
} from "../credentials/_canaries.ts";
import { startAwsSecretsManagerFake } from "../fakes/aws_secrets_manager_fake.ts";
import { refusal, testResolver } from "./_resolver.ts";

const credentials = {
  accessKeyId: awsAccessKeyId("SM", "ASIA"),
  secretAccessKey: awsSecretAccessKey("SM"),
  sessionToken: awsSessionToken("SM"),
};

Deno.test("aws-sm:// calls GetSecretValue signed with SigV4, by name, by ARN and by JSON field", async () => {
  const key = openaiProjectKey("AWSSM");
  const other = mistralKey("AWSSMOTHER");
  await using fake = await startAwsSecretsManagerFake({
    credentials: [credentials],
    region: "eu-west-1",
    secrets: {
      "prod/openai": { SecretString: key },
      "prod/llm": { SecretString: JSON.stringify({ openai: key, mistral: other }) },
      "prod/binary": { SecretBinary: btoa(key) },
    },
  });
  const resolve = testResolver({
    env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url },
    aws: { ...credentials, region: "eu-west-1" },
  });
  assert.equal((await resolve("aws-sm://prod/openai")).value, key);
  assert.equal((await resolve("aws-sm://prod/llm#openai")).value, key);
  assert.equal((await resolve(`aws-sm://${fake.arnOf("prod/binary")}`)).value, key);
  assert.equal(fake.requests.length, 3);
  const [first] = fake.requests;
  assert.equal(first.headers.get("x-amz-target"), "secretsmanager.GetSecretValue");
  assert.equal(first.headers.get("content-type"), "application/x-amz-json-1.1");
  assert.deepEqual(first.json, { SecretId: "prod/openai" });
  assert.match(
    first.headers.get("authorization") ?? "",
    /\/eu-west-1\/secretsmanager\/aws4_request/,
  );
  assert.ok(!redact(`${other} ${credentials.secretAccessKey}`).includes(other));
  assert.ok(!redact(credentials.secretAccessKey).includes(credentials.secretAccessKey));
  assert.deepEqual(fake.violations, []);
});

Deno.test("aws-sm:// signs for the ARN's region, whatever AWS_REGION says", async () => {
  const key = openaiProjectKey("AWSARN");
  await using fake = await startAwsSecretsManagerFake({
    credentials: [credentials],
    region: "ap-southeast-2",
    secrets: { "team/key": { SecretString: key } },
  });
  const resolve = testResolver({
    env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url },
    aws: { ...credentials, region: "us-east-1" },
  });
  assert.equal((await resolve(`aws-sm://${fake.arnOf("team/key")}`)).value, key);
  assert.deepEqual(fake.violations, []);
});

Deno.test("aws-sm:// failures name the reference, the AWS error, never a secret", async () => {
  await using fake = await startAwsSecretsManagerFake({
    credentials: [credentials],
    region: "us-east-1",
    secrets: { "plain": { SecretString: openaiProjectKey("AWSPLAIN") } },
  });
  const env = { AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url };
  const aws = { ...credentials, region: "us-east-1" };
  const cases: [Parameters<typeof testResolver>[0], string, RegExp][] = [
    [
      { env, aws },
      "aws-sm://missing",
      /400 \(ResourceNotFoundException: Secrets Manager can't find/,
    ],
    [
      { env, aws: { ...aws, accessKeyId: awsAccessKeyId("OTHER"), sessionToken: undefined } },
      "aws-sm://plain",
      /UnrecognizedClientException/,
    ],
    [{ env }, "aws-sm://plain", /no AWS access keys/],
    [{ env, aws: { ...aws, region: undefined } }, "aws-sm://plain", /no AWS region/],
    [{ env, aws: { ...aws, region: "mars-1" } }, "aws-sm://plain", /invalid AWS region "mars-1"/],
    [{ env, aws }, "aws-sm://plain#field", /not JSON, so it has no field "field"/],
  ];
  for (const [options, ref, expected] of cases) {
    const message = await refusal(testResolver(options)(ref));
    assert.match(message, expected, message);
    assert.ok(message.includes(`"${ref}"`), message);
    for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) {
      assert.ok(!message.includes(secret), message);
    }
  }
  assert.deepEqual(fake.violations, []);
});

Deno.test("aws-sm:// goes to the regional host by default (outside the test's network permission)", async () => {
  const message = await refusal(
    testResolver({ aws: { ...credentials, region: "eu-west-3" } })("aws-sm://plain"),
  );
  assert.match(message, /secretsmanager\.eu-west-3\.amazonaws\.com/);
});
