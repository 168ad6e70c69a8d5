import assert from "node:assert/strict";
import { DEFAULT_REPLY } from "./_fake_server.ts";
import {
  type AssertionClaims,
  createTestServiceAccount,
  signAssertion,
  type TestServiceAccount,
} from "./_test_service_account.ts";
import {
  CLOUD_PLATFORM_SCOPE,
  GOOGLE_TOKEN_AUDIENCE,
  startVertexFake,
  type VertexFake,
} from "./vertex_fake.ts";

const PROJECT = "omn-test-project";
const LOCATION = "us-central1";
const PROMPT = { contents: [{ role: "user", parts: [{ text: "Say hello" }] }] };

// deno-lint-ignore no-explicit-any
type Json = any;

// One key pair for the whole file: RSA generation is the slow part.
const account = await createTestServiceAccount({ projectId: PROJECT });

function claims(overrides: Partial<AssertionClaims> = {}): AssertionClaims {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: account.clientEmail,
    scope: CLOUD_PLATFORM_SCOPE,
    aud: GOOGLE_TOKEN_AUDIENCE,
    exp: now + 3600,
    iat: now,
    ...overrides,
  };
}

function exchange(fake: VertexFake, assertion: string): Promise<Response> {
  return fetch(fake.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion,
    }),
  });
}

async function accessToken(
  fake: VertexFake,
  signer: TestServiceAccount = account,
): Promise<string> {
  const response = await exchange(
    fake,
    await signAssertion(signer.privateKey, claims(), signer.privateKeyId),
  );
  assert.equal(response.status, 200);
  const body: Json = await response.json();
  assert.equal(body.token_type, "Bearer");
  assert.equal(body.expires_in, 3599);
  return body.access_token;
}

function generate(
  url: string,
  token: string | undefined,
  body: unknown = PROMPT,
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
}

Deno.test("test service account: a Google-shaped key file whose PEM imports as PKCS#8", async () => {
  const file = account.keyFile("http://127.0.0.1:1/token");
  assert.equal(file.type, "service_account");
  assert.equal(file.project_id, PROJECT);
  assert.equal(file.token_uri, "http://127.0.0.1:1/token");
  assert.match(file.client_email, /@omn-test-project\.iam\.gserviceaccount\.com$/);
  assert.match(
    file.private_key,
    /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/,
  );
  assert.equal(JSON.parse(account.keyFileText("x")).private_key, account.privateKeyPem);
  assert.ok(account.privateKeyLines.length > 20);
  // The way @ai-sdk/google-vertex/edge imports it.
  const body = account.privateKeyPem.replace("-----BEGIN PRIVATE KEY-----", "")
    .replace("-----END PRIVATE KEY-----", "").replace(/\s/g, "");
  const der = Uint8Array.from(atob(body), (character) => character.charCodeAt(0));
  const key = await crypto.subtle.importKey(
    "pkcs8",
    der,
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["sign"],
  );
  assert.equal(key.type, "private");
});

Deno.test("vertex fake exchanges a signed assertion, then streams and answers Gemini content", async () => {
  await using fake = await startVertexFake({
    serviceAccount: account,
    project: PROJECT,
    location: LOCATION,
  });
  const token = await accessToken(fake);
  assert.match(token, /^ya29\./);
  assert.deepEqual(fake.issuedTokens, [token]);

  const whole = await generate(`${fake.baseURL}/models/gemini-2.5-flash:generateContent`, token);
  assert.equal(whole.status, 200);
  const body: Json = await whole.json();
  assert.equal(body.candidates[0].content.parts[0].text, DEFAULT_REPLY);
  assert.equal(body.usageMetadata.trafficType, "ON_DEMAND");
  assert.equal(typeof body.createTime, "string");

  const stream = await generate(
    `${fake.url}/v1/projects/${PROJECT}/locations/${LOCATION}/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse`,
    token,
  );
  assert.equal(stream.status, 200);
  const events: Json[] = (await stream.text()).split("\r\n\r\n").filter(Boolean)
    .map((block) => JSON.parse(block.replace(/^data: /, "")));
  assert.ok(events.length > 3);
  assert.equal(
    events.map((event) => event.candidates[0].content.parts[0].text).join(""),
    DEFAULT_REPLY,
  );
  assert.equal(events.at(-1).candidates[0].finishReason, "STOP");
  assert.ok(events.at(-1).usageMetadata.totalTokenCount > 0);

  assert.deepEqual(fake.violations, []);
  for (const request of fake.requests) {
    for (const line of account.privateKeyLines) assert.ok(!request.bodyText.includes(line));
  }
  // The audience of the fake's own token URL is accepted too (a CLI doing its own exchange).
  const own = await exchange(
    fake,
    await signAssertion(account.privateKey, claims({ aud: fake.tokenUrl })),
  );
  assert.equal(own.status, 200);
  await own.body?.cancel();
});

Deno.test("vertex fake rejects a tampered or foreign assertion with invalid_grant", async () => {
  await using fake = await startVertexFake({
    serviceAccount: account,
    project: PROJECT,
    location: LOCATION,
  });
  const good = await signAssertion(account.privateKey, claims());
  const [header, payload, signature] = good.split(".");
  const forged = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
  forged.iss = "attacker@evil.iam.gserviceaccount.com";
  const forgedPayload = btoa(JSON.stringify(forged)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
  const flipped = signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") +
    signature.slice(11);
  const other = await createTestServiceAccount({
    clientEmail: account.clientEmail,
    distinctKey: true,
  });
  const cases: [string, string, RegExp][] = [
    [`${header}.${forgedPayload}.${signature}`, "invalid_grant", /Invalid JWT Signature/],
    [`${header}.${payload}.${flipped}`, "invalid_grant", /Invalid JWT Signature/],
    [await signAssertion(other.privateKey, claims()), "invalid_grant", /Invalid JWT Signature/],
    [
      await signAssertion(account.privateKey, claims({ aud: "https://example.com/token" })),
      "invalid_grant",
      /audience/,
    ],
    [
      await signAssertion(
        account.privateKey,
        claims({ exp: Math.floor(Date.now() / 1000) + 7200 }),
      ),
      "invalid_grant",
      /short-lived/,
    ],
    [
      await signAssertion(account.privateKey, claims({ iat: 1000, exp: 2000 })),
      "invalid_grant",
      /short-lived/,
    ],
    [
      await signAssertion(account.privateKey, claims({ scope: "openid" })),
      "invalid_scope",
      /scope/,
    ],
    [
      await signAssertion(
        account.privateKey,
        claims({ iss: "someone@else.iam.gserviceaccount.com" }),
      ),
      "invalid_grant",
      /account not found/,
    ],
  ];
  for (const [assertion, error, description] of cases) {
    const response = await exchange(fake, assertion);
    assert.equal(response.status, 400);
    const body: Json = await response.json();
    assert.equal(body.error, error);
    assert.match(body.error_description, description);
  }
  assert.equal(fake.violations.length, cases.length);
  fake.takeViolations();
  assert.deepEqual(fake.issuedTokens, []);

  const wrongGrant = await fetch(fake.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", assertion: good }),
  });
  assert.equal(((await wrongGrant.json()) as Json).error, "unsupported_grant_type");
  assert.match(fake.takeViolations().join("\n"), /grant_type "client_credentials"/);
});

Deno.test("vertex fake requires an issued bearer token, the right project and location", async () => {
  await using fake = await startVertexFake({
    serviceAccount: account,
    project: PROJECT,
    location: LOCATION,
  });
  const token = await accessToken(fake);
  const path = (project: string, location: string) =>
    `${fake.url}/v1beta1/projects/${project}/locations/${location}/publishers/google/models/gemini-2.5-flash:generateContent`;

  const missing = await generate(path(PROJECT, LOCATION), undefined);
  assert.equal(missing.status, 401);
  const missingBody: Json = await missing.json();
  assert.equal(missingBody.error.status, "UNAUTHENTICATED");
  assert.equal(missingBody.error.details[0].reason, "CREDENTIALS_MISSING");

  const bogus = await generate(path(PROJECT, LOCATION), "ya29.not-issued");
  assert.equal(bogus.status, 401);
  assert.match(((await bogus.json()) as Json).error.message, /invalid authentication credentials/);

  const project = await generate(path("someone-else", LOCATION), token);
  assert.equal(project.status, 403);
  assert.equal(((await project.json()) as Json).error.status, "PERMISSION_DENIED");

  const location = await generate(path(PROJECT, "europe-west4"), token);
  assert.equal(location.status, 400);
  await location.body?.cancel();

  const badBody = await generate(path(PROJECT, LOCATION), token, { contents: [] });
  assert.equal(badBody.status, 400);
  await badBody.body?.cancel();

  assert.equal(fake.violations.length, 5);
  fake.takeViolations();
});

Deno.test("vertex fake expires tokens after their lifetime", async () => {
  await using fake = await startVertexFake({
    serviceAccount: account,
    project: PROJECT,
    location: LOCATION,
    tokenLifetimeSeconds: 0,
  });
  const response = await exchange(fake, await signAssertion(account.privateKey, claims()));
  const token = ((await response.json()) as Json).access_token;
  const use = await generate(`${fake.baseURL}/models/gemini-2.5-flash:generateContent`, token);
  assert.equal(use.status, 401);
  assert.equal(((await use.json()) as Json).error.details[0].reason, "ACCESS_TOKEN_EXPIRED");
  assert.match(fake.takeViolations().join("\n"), /Expired access token/);
});

Deno.test("vertex fake scenarios: unauthorized fails the exchange, rate-limited is a 429", async () => {
  {
    await using fake = await startVertexFake({
      serviceAccount: account,
      project: PROJECT,
      location: LOCATION,
      scenario: "unauthorized",
    });
    const response = await exchange(fake, await signAssertion(account.privateKey, claims()));
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Json).error, "invalid_grant");
    assert.deepEqual(fake.violations, []);
  }
  {
    await using fake = await startVertexFake({
      serviceAccount: account,
      project: PROJECT,
      location: LOCATION,
      scenario: "rate-limited",
    });
    const token = await accessToken(fake);
    const response = await generate(
      `${fake.baseURL}/models/gemini-2.5-flash:generateContent`,
      token,
    );
    assert.equal(response.status, 429);
    assert.equal(((await response.json()) as Json).error.status, "RESOURCE_EXHAUSTED");
    assert.deepEqual(fake.violations, []);
  }
});
