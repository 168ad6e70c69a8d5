import assert from "node:assert/strict";
import { createAccessTokenSource, withAccessToken } from "../../src/providers/vertex_token.ts";
import { parseServiceAccount } from "../../src/secrets/google_access_token.ts";
import { createTestServiceAccount } from "../fakes/_test_service_account.ts";
import { startVertexFake } from "../fakes/vertex_fake.ts";

const account = await createTestServiceAccount({ projectId: "omn-test-project" });

Deno.test("vertex token: kept until shortly before it expires, then refreshed (injected clock)", async () => {
  await using fake = await startVertexFake({
    serviceAccount: account,
    project: "omn-test-project",
    location: "europe-west4",
    tokenLifetimeSeconds: 3599,
  });
  let clock = 1_000_000;
  const key = parseServiceAccount(account.keyFileText(fake.tokenUrl));
  const source = createAccessTokenSource(key, fetch, { now: () => clock });
  const first = await source.token();
  clock += 30 * 60_000; // half an hour: still the same token
  assert.equal(await source.token(), first);
  assert.equal(fake.issuedTokens.length, 1);
  clock += 25 * 60_000; // 55 minutes in: within five minutes of expiry, replaced
  const second = await source.token();
  assert.notEqual(second, first);
  assert.equal(fake.issuedTokens.length, 2);
  clock += 2 * 60 * 60_000; // a chat that ran for hours
  const [third, again] = await Promise.all([source.token(), source.token()]);
  assert.equal(third, again, "concurrent requests share one exchange");
  assert.equal(fake.issuedTokens.length, 3);
  assert.deepEqual(fake.violations, []);
});

Deno.test("vertex token: a 401 fetches a new token and sends the request once more, never twice", async () => {
  await using fake = await startVertexFake({
    serviceAccount: account,
    project: "omn-test-project",
    location: "europe-west4",
  });
  const key = parseServiceAccount(account.keyFileText(fake.tokenUrl));
  const source = createAccessTokenSource(key, fetch, { now: () => 0 });
  const seen: string[] = [];
  let answers = [401, 200];
  const endpoint = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.href.startsWith(fake.tokenUrl)) return fetch(input, init);
    seen.push(new Headers(init?.headers).get("authorization") ?? "");
    const status = answers.shift() ?? 401;
    return Promise.resolve(
      new Response(status === 200 ? "ok" : '{"error":{"code":401}}', { status }),
    );
  }) as typeof fetch;
  const authorized = withAccessToken(source, endpoint);
  const response = await authorized("https://europe-west4-aiplatform.googleapis.com/v1/x", {
    method: "POST",
    body: "{}",
  });
  assert.equal(await response.text(), "ok");
  assert.equal(fake.issuedTokens.length, 2);
  assert.deepEqual(seen, fake.issuedTokens.map((token) => `Bearer ${token}`));

  answers = [401, 401];
  const refused = await authorized("https://europe-west4-aiplatform.googleapis.com/v1/x", {
    method: "POST",
    body: "{}",
  });
  assert.equal(refused.status, 401);
  await refused.body?.cancel();
  assert.equal(fake.issuedTokens.length, 3, "one refresh per 401, then the 401 is reported");
  for (const line of account.privateKeyLines.slice(1, -1)) {
    assert.ok(!seen.join("\n").includes(line), "no private key line in a request header");
  }
});
