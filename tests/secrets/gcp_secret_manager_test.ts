import assert from "node:assert/strict";
import { redact } from "../../src/security/redact.ts";
import { openaiProjectKey, xaiKey } from "../credentials/_canaries.ts";
import { startGcpSecretManagerFake } from "../fakes/gcp_secret_manager_fake.ts";
import { createTestServiceAccount } from "../fakes/_test_service_account.ts";
import { refusal, testResolver } from "./_resolver.ts";

const PROJECT = "omn-test-project";
const account = await createTestServiceAccount({ projectId: PROJECT });

async function start() {
  return await startGcpSecretManagerFake({
    serviceAccount: account,
    project: PROJECT,
    secrets: { openai: [openaiProjectKey("GCPV1"), openaiProjectKey("GCP")], xai: [xaiKey("GCP")] },
  });
}

Deno.test("gcp-sm:// exchanges a service-account JWT once, then accesses each version", async () => {
  await using fake = await start();
  const resolve = testResolver({
    settings: { gcp_sm: { endpoint: fake.url } },
    gcp: { json: account.keyFileText(fake.tokenUrl), origin: "OMNIMANCER_GCP_SERVICE_ACCOUNT" },
  });
  assert.equal(
    (await resolve(`gcp-sm://projects/${PROJECT}/secrets/openai`)).value,
    openaiProjectKey("GCP"),
  );
  assert.equal(
    (await resolve(`gcp-sm://projects/${PROJECT}/secrets/openai/versions/1`)).value,
    openaiProjectKey("GCPV1"),
  );
  assert.equal((await resolve(`gcp-sm://projects/${PROJECT}/secrets/xai`)).value, xaiKey("GCP"));
  assert.deepEqual(fake.requests.map((request) => request.url.pathname), [
    "/token",
    `/v1/projects/${PROJECT}/secrets/openai/versions/latest:access`,
    `/v1/projects/${PROJECT}/secrets/openai/versions/1:access`,
    `/v1/projects/${PROJECT}/secrets/xai/versions/latest:access`,
  ]);
  for (const secret of [...fake.issuedTokens, account.privateKeyPem]) {
    assert.ok(!redact(`x ${secret} y`).includes(secret));
  }
  assert.deepEqual(fake.violations, []);
});

Deno.test("gcp-sm:// failures name the reference and never the key", async () => {
  await using fake = await start();
  const settings = { gcp_sm: { endpoint: fake.url } };
  const gcp = {
    json: account.keyFileText(fake.tokenUrl),
    origin: "OMNIMANCER_GCP_SERVICE_ACCOUNT",
  };
  const cases: [Parameters<typeof testResolver>[0], string, RegExp][] = [
    [
      { settings, gcp },
      `gcp-sm://projects/${PROJECT}/secrets/missing`,
      /404: NOT_FOUND: Secret \[/,
    ],
    [{ settings, gcp }, "gcp-sm://projects/other-project/secrets/openai", /403: PERMISSION_DENIED/],
    [{ settings }, `gcp-sm://projects/${PROJECT}/secrets/openai`, /no service account/],
    [
      { settings, gcp: { json: "{}", origin: "OMNIMANCER_GCP_SERVICE_ACCOUNT" } },
      `gcp-sm://projects/${PROJECT}/secrets/openai`,
      /the service account from OMNIMANCER_GCP_SERVICE_ACCOUNT is not a service-account key/,
    ],
  ];
  for (const [options, ref, expected] of cases) {
    const message = await refusal(testResolver(options)(ref));
    assert.match(message, expected, message);
    assert.ok(message.includes(`"${ref}"`), message);
    assert.ok(!account.privateKeyLines.some((line) => message.includes(line)), message);
  }
  assert.deepEqual(fake.violations, []);
});

Deno.test("gcp-sm:// reports a service account the token endpoint refuses", async () => {
  const stranger = await createTestServiceAccount({
    projectId: PROJECT,
    clientEmail: "x@y.iam",
    distinctKey: true,
  });
  await using fake = await start();
  const message = await refusal(
    testResolver({
      settings: { gcp_sm: { endpoint: fake.url } },
      gcp: { json: stranger.keyFileText(fake.tokenUrl), origin: "OMNIMANCER_GCP_SERVICE_ACCOUNT" },
    })(`gcp-sm://projects/${PROJECT}/secrets/openai`),
  );
  assert.match(
    message,
    /Google refused the service account from OMNIMANCER_GCP_SERVICE_ACCOUNT at the token exchange \(400: Invalid JWT Signature\.\)/,
  );
  // The fake records the bad assertion as a violation: that is the point of this test.
  assert.deepEqual(fake.takeViolations(), ["google token: signature does not verify"]);
});
