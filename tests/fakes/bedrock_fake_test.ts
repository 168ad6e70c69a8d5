import assert from "node:assert/strict";
import {
  awsAccessKeyId,
  awsSecretAccessKey,
  awsSessionToken,
  bedrockApiKey,
} from "../credentials/_canaries.ts";
import { BAD_REQUEST_TEXT, DEFAULT_REPLY } from "./_fake_server.ts";
import {
  crc32,
  decodeEventStream,
  decodeEventStreamMessage,
  encodeEvent,
  encodeEventStreamMessage,
} from "./_event_stream.ts";
import { type AwsCredentials, signSigV4, verifySigV4 } from "./_sigv4.ts";
import { type BedrockFake, startBedrockFake } from "./bedrock_fake.ts";
import { drain } from "../_support/drain.ts";

const REGION = "us-east-1";
const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
const CREDENTIALS: AwsCredentials = {
  accessKeyId: awsAccessKeyId("BDRK"),
  secretAccessKey: awsSecretAccessKey("bdrk"),
};
const BODY = {
  system: [{ text: "Be brief" }],
  messages: [{ role: "user", content: [{ text: "Say hello" }] }],
  inferenceConfig: { maxTokens: 100, temperature: 0.5 },
};

// deno-lint-ignore no-explicit-any
type Json = any;

/** The URL the SDK builds: the model id through encodeURIComponent. */
function modelUrl(fake: BedrockFake, operation: string, model = MODEL): string {
  return `${fake.baseURL}/model/${encodeURIComponent(model)}/${operation}`;
}

interface SendOptions {
  credentials?: AwsCredentials;
  region?: string;
  date?: Date;
  tamper?: (headers: Headers) => void;
  sentBody?: string;
}

function send(url: string, body: unknown, options: SendOptions = {}): Promise<Response> {
  const text = JSON.stringify(body);
  const headers = signSigV4({
    method: "POST",
    url,
    headers: { "content-type": "application/json", "user-agent": "ai-sdk/amazon-bedrock test" },
    body: text,
    credentials: options.credentials ?? CREDENTIALS,
    region: options.region ?? REGION,
    service: "bedrock",
    date: options.date,
  });
  options.tamper?.(headers);
  return fetch(url, { method: "POST", headers, body: options.sentBody ?? text });
}

Deno.test("crc32 matches the IEEE check value; frames round-trip and reject corruption", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array()), 0);
  const frame = encodeEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hi" } });
  const view = new DataView(frame.buffer);
  assert.equal(view.getUint32(0), frame.length);
  assert.equal(view.getUint32(8), crc32(frame.subarray(0, 8)));
  assert.equal(view.getUint32(frame.length - 4), crc32(frame.subarray(0, frame.length - 4)));
  const decoded = decodeEventStreamMessage(frame);
  assert.deepEqual(decoded.headers, {
    ":event-type": "contentBlockDelta",
    ":content-type": "application/json",
    ":message-type": "event",
  });
  assert.deepEqual(JSON.parse(new TextDecoder().decode(decoded.payload)), {
    contentBlockIndex: 0,
    delta: { text: "Hi" },
  });
  const corrupted = frame.slice();
  corrupted[20] ^= 0xff;
  assert.throws(() => decodeEventStreamMessage(corrupted), /message checksum/);
  const badPrelude = frame.slice();
  badPrelude[5] ^= 0x01;
  assert.throws(() => decodeEventStreamMessage(badPrelude), /prelude checksum/);
  const empty = encodeEventStreamMessage({}, new Uint8Array());
  assert.equal(empty.length, 16);
  assert.throws(() => decodeEventStream(empty.subarray(0, 10)), SyntaxError);
});

Deno.test("sigv4 verifier accepts AWS's documented example and rejects it once changed", () => {
  // The IAM ListUsers example of the AWS General Reference (signature documented there).
  const headers = new Headers({
    host: "iam.amazonaws.com",
    "content-type": "application/x-www-form-urlencoded; charset=utf-8",
    "x-amz-date": "20150830T123600Z",
    authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, " +
      "SignedHeaders=content-type;host;x-amz-date, " +
      "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
  });
  const request = {
    method: "GET",
    url: "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
    headers,
    body: new Uint8Array(),
  };
  const options = {
    credentials: [{
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    }],
    region: "us-east-1",
    service: "iam",
    now: new Date("2015-08-30T12:36:00Z"),
  };
  assert.deepEqual(verifySigV4(request, options), { ok: true, accessKeyId: "AKIDEXAMPLE" });
  const changed = verifySigV4(
    { ...request, url: request.url.replace("ListUsers", "ListRoles") },
    options,
  );
  assert.equal(changed.ok, false);
  assert.equal(!changed.ok && changed.errorType, "InvalidSignatureException");
  const late = verifySigV4(request, { ...options, now: new Date("2015-08-30T12:42:00Z") });
  assert.match(
    !late.ok ? late.message : "",
    /^Signature expired: 20150830T123600Z is now earlier than/,
  );
});

Deno.test("bedrock fake answers Converse with the reply, end_turn and usage", async () => {
  await using fake = await startBedrockFake({
    ...CREDENTIALS,
    region: REGION,
    reply: "one two three",
  });
  const response = await send(modelUrl(fake, "converse"), BODY);
  assert.equal(response.status, 200);
  const body: Json = await response.json();
  assert.deepEqual(body.output.message, {
    role: "assistant",
    content: [{ text: "one two three" }],
  });
  assert.equal(body.stopReason, "end_turn");
  assert.deepEqual(
    [body.usage.inputTokens, body.usage.outputTokens, body.usage.totalTokens],
    [4, 3, 7],
  );
  assert.equal(body.usage.cacheReadInputTokens, 0);
  assert.equal(typeof body.metrics.latencyMs, "number");
  assert.deepEqual(fake.violations, []);
  assert.match(fake.requests[0].url.pathname, /v1%3A0\/converse$/);
});

Deno.test("bedrock fake streams event-stream frames that decode and reassemble", async () => {
  await using fake = await startBedrockFake({ ...CREDENTIALS, region: REGION, cachedTokens: 5 });
  const response = await send(modelUrl(fake, "converse-stream"), {
    ...BODY,
    additionalModelResponseFieldPaths: ["/delta/stop_sequence"],
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/vnd.amazon.eventstream");
  const messages = decodeEventStream(new Uint8Array(await response.arrayBuffer()));
  const types = messages.map((message) => String(message.headers[":event-type"]));
  assert.equal(types[0], "messageStart");
  assert.deepEqual(types.slice(-3), ["contentBlockStop", "messageStop", "metadata"]);
  assert.ok(types.filter((type) => type === "contentBlockDelta").length > 3);
  for (const message of messages) {
    assert.equal(message.headers[":message-type"], "event");
    assert.equal(message.headers[":content-type"], "application/json");
  }
  const payloads: Json[] = messages.map((message) =>
    JSON.parse(new TextDecoder().decode(message.payload))
  );
  // Payloads are the inner objects (the SDK wraps them in their event type), padded with `p`.
  assert.equal(payloads[0].role, "assistant");
  assert.ok(
    payloads.every((payload, index) => typeof payload.p === "string" && !(types[index] in payload)),
  );
  const text = payloads.filter((_, index) => types[index] === "contentBlockDelta")
    .map((payload) => payload.delta.text).join("");
  assert.equal(text, DEFAULT_REPLY);
  const stop = payloads[types.indexOf("messageStop")];
  assert.equal(stop.stopReason, "end_turn");
  assert.deepEqual(stop.additionalModelResponseFields, { delta: { stop_sequence: null } });
  const usage = payloads.at(-1).usage;
  assert.equal(usage.inputTokens, 4);
  assert.equal(usage.outputTokens, DEFAULT_REPLY.split(" ").length);
  assert.equal(usage.cacheReadInputTokens, 5);
  assert.deepEqual(fake.violations, []);
});

Deno.test("bedrock fake rejects a tampered signature with AWS's InvalidSignatureException", async () => {
  await using fake = await startBedrockFake({ ...CREDENTIALS, region: REGION });
  const url = modelUrl(fake, "converse");
  const flip = (headers: Headers) => {
    const value = headers.get("authorization")!;
    headers.set("authorization", value.slice(0, -1) + (value.endsWith("0") ? "1" : "0"));
  };
  const tampered = [
    await send(url, BODY, { tamper: flip }),
    await send(url, BODY, {
      sentBody: JSON.stringify({ ...BODY, inferenceConfig: { maxTokens: 5 } }),
    }),
    await send(url, BODY, {
      credentials: { ...CREDENTIALS, secretAccessKey: awsSecretAccessKey("x") },
    }),
    await send(url, BODY, { tamper: (headers) => headers.set("x-amz-date", "20200101T000000Z") }),
  ];
  for (const response of tampered) {
    assert.equal(response.status, 403);
    assert.match(response.headers.get("x-amzn-errortype") ?? "", /^InvalidSignatureException:/);
    const body: Json = await response.json();
    assert.match(
      body.message,
      /^(The request signature we calculated does not match|Date in Credential scope)/,
    );
  }
  const expired = await send(url, BODY, { date: new Date(Date.now() - 20 * 60_000) });
  assert.equal(expired.status, 403);
  assert.match(((await expired.json()) as Json).message, /^Signature expired/);
  const region = await send(url, BODY, { region: "eu-west-1" });
  assert.match(((await region.json()) as Json).message, /scoped to a valid region/);
  assert.equal(fake.violations.length, 6);
  fake.takeViolations();
  assert.ok(fake.violations.every((violation) => violation.startsWith("bedrock: SigV4 rejected")));
  assert.ok(fake.violations.every((violation) => !violation.includes(CREDENTIALS.secretAccessKey)));
});

Deno.test("bedrock fake rejects unknown keys and missing session tokens as UnrecognizedClient", async () => {
  const sessionToken = awsSessionToken("bdrk");
  const temporary = { ...CREDENTIALS, accessKeyId: awsAccessKeyId("TMP", "ASIA"), sessionToken };
  await using fake = await startBedrockFake({ ...temporary, region: REGION });
  const url = modelUrl(fake, "converse");
  const ok = await send(url, BODY, { credentials: temporary });
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
  assert.equal(fake.violations.length, 0);

  for (
    const credentials of [
      CREDENTIALS,
      { ...temporary, sessionToken: undefined },
      { ...temporary, sessionToken: awsSessionToken("other") },
    ]
  ) {
    const response = await send(url, BODY, { credentials });
    assert.equal(response.status, 403);
    assert.match(response.headers.get("x-amzn-errortype") ?? "", /^UnrecognizedClientException:/);
    assert.deepEqual(await response.json(), {
      message: "The security token included in the request is invalid.",
    });
  }
  const unsigned = await fetch(url, { method: "POST", body: JSON.stringify(BODY) });
  assert.equal(unsigned.status, 403);
  assert.deepEqual(await unsigned.json(), { message: "Missing Authentication Token" });
  assert.equal(fake.violations.length, 4);
  fake.takeViolations();
  assert.ok(fake.violations.every((violation) => !violation.includes(sessionToken)));
});

Deno.test("bedrock fake accepts its API key as a bearer token and rejects another", async () => {
  const apiKey = bedrockApiKey("bdrk");
  await using fake = await startBedrockFake({ ...CREDENTIALS, region: REGION, apiKey });
  const call = (key: string) =>
    fetch(modelUrl(fake, "converse"), {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(BODY),
    });
  const ok = await call(apiKey);
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
  const wrong = await call(bedrockApiKey("other"));
  assert.equal(wrong.status, 403);
  assert.deepEqual(await wrong.json(), {
    Message: "Authentication failed: Please make sure your API Key is valid.",
  });
  const format = await call("not-a-bedrock-key");
  assert.equal(format.status, 403);
  await format.body?.cancel();
  assert.equal(fake.violations.length, 2);
  fake.takeViolations();
});

Deno.test("bedrock fake validates the Converse body like Bedrock", async () => {
  await using fake = await startBedrockFake({ ...CREDENTIALS, region: REGION });
  const url = modelUrl(fake, "converse");
  const cases: [unknown, RegExp][] = [
    [
      { messages: [{ role: "assistant", content: [{ text: "x" }] }] },
      /must start with a user message/,
    ],
    [
      { messages: [{ role: "user", content: [] }] },
      /content field in the Message object at messages\.0 is empty/,
    ],
    [
      { messages: [{ role: "system", content: [{ text: "x" }] }] },
      /enum value set: \[user, assistant\]/,
    ],
    [{ ...BODY, inferenceConfig: { temperature: 1.5 } }, /less than or equal to 1/],
    [{ ...BODY, inferenceConfig: { maxTokens: 0 } }, /greater than or equal to 1/],
    [{ ...BODY, prompt: "x" }, /extraneous key \[prompt\]/],
  ];
  for (const [body, message] of cases) {
    const response = await send(url, body);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.match(response.headers.get("x-amzn-errortype") ?? "", /^ValidationException:/);
    assert.match(((await response.json()) as Json).message, message);
  }
  const model = await send(modelUrl(fake, "converse", "not a model"), BODY);
  assert.equal(model.status, 400);
  assert.equal(((await model.json()) as Json).message, "The provided model identifier is invalid.");
  assert.equal(fake.violations.length, cases.length + 1);
  fake.takeViolations();
});

Deno.test("bedrock fake scenarios: throttling, bad request, unauthorized, redirect", async () => {
  const statuses: [string, number, RegExp][] = [
    ["rate-limited", 429, /^ThrottlingException:/],
    ["bad-request", 400, /^ValidationException:/],
    ["unauthorized", 403, /^UnrecognizedClientException:/],
  ];
  for (const [scenario, status, type] of statuses) {
    await using fake = await startBedrockFake({
      ...CREDENTIALS,
      region: REGION,
      scenario: scenario as "rate-limited",
    });
    const response = await send(modelUrl(fake, "converse"), BODY);
    assert.equal(response.status, status);
    assert.match(response.headers.get("x-amzn-errortype") ?? "", type);
    const body: Json = await response.json();
    if (scenario === "bad-request") assert.ok(body.message.includes(BAD_REQUEST_TEXT));
    assert.deepEqual(fake.violations, []);
  }
  await using fake = await startBedrockFake({
    ...CREDENTIALS,
    region: REGION,
    scenario: { redirectTo: "http://127.0.0.1:9" },
  });
  const url = modelUrl(fake, "converse-stream");
  const response = await fetch(url, { method: "POST", body: "{}", redirect: "manual" });
  assert.equal(response.status, 307);
  assert.equal(response.headers.get("location"), `http://127.0.0.1:9${new URL(url).pathname}`);
  await response.body?.cancel();
});

Deno.test("bedrock fake close() ends an open stream without leaking", async () => {
  const fake = await startBedrockFake({ ...CREDENTIALS, region: REGION, scenario: "slow" });
  const response = await send(modelUrl(fake, "converse-stream"), BODY);
  const reader = response.body!.getReader();
  assert.equal((await reader.read()).done, false);
  // close() resolves while the stream is still open: what the client reads after it ends
  // without the stream's last frames, so close() cut the stream instead of waiting for it.
  await fake.close();
  const rest = await drain(reader);
  assert.ok(!rest.includes("messageStop"), "the stream was cut before its messageStop frame");
});
