/**
 * The Bedrock fake's SigV4 verifier and event-stream encoder checked against
 * code nobody here wrote: AWS's own Smithy signer (`@smithy/signature-v4`)
 * and event-stream codec (`@smithy/eventstream-codec`), used by these tests
 * only (never imported by `src/`, never bundled).
 *
 * @module
 */
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { awsAccessKeyId, awsSecretAccessKey, awsSessionToken } from "../credentials/_canaries.ts";
import { decodeEventStreamMessage, encodeEvent, encodeException } from "./_event_stream.ts";
import { verifySigV4 } from "./_sigv4.ts";

/** SHA-256 and HMAC-SHA-256 in the shape Smithy's signer takes (node:crypto underneath). */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (data: Data) =>
  typeof data === "string"
    ? data
    : data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

class Sha256 {
  #hash;
  constructor(secret?: Data) {
    this.#hash = secret === undefined
      ? createHash("sha256")
      : createHmac("sha256", bytesOf(secret));
  }
  update(data: Data): void {
    this.#hash.update(bytesOf(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }
  reset(): void {}
}

const REGION = "us-east-1";
const credentials = {
  accessKeyId: awsAccessKeyId("SMITHY"),
  secretAccessKey: awsSecretAccessKey("smithy"),
};

/** Signs with Smithy's SignatureV4 and returns what the fake receives. */
async function smithySigned(
  url: URL,
  body: string,
  signer: SignatureV4,
  extraHeaders: Record<string, string> = {},
) {
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port) || undefined,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: {
      host: url.host,
      "content-type": "application/json",
      ...extraHeaders,
    },
    body,
  });
  return {
    method: "POST",
    url: url.href,
    headers: new Headers(signed.headers as Record<string, string>),
    body: new TextEncoder().encode(body),
  };
}

const signerFor = (creds: typeof credentials & { sessionToken?: string }) =>
  new SignatureV4({ credentials: creds, region: REGION, service: "bedrock", sha256: Sha256 });

Deno.test("the fake's SigV4 verifier accepts what AWS's Smithy signer signs (model ids with ':' and '.')", async () => {
  const body = JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] });
  for (
    const model of [
      "anthropic.claude-3-5-haiku-20241022-v1:0",
      "us.meta.llama3-2-90b-instruct-v1:0",
      "amazon.nova-pro-v1:0",
    ]
  ) {
    const url = new URL(`http://127.0.0.1:8080/model/${encodeURIComponent(model)}/converse`);
    const request = await smithySigned(url, body, signerFor(credentials));
    const verdict = verifySigV4(request, {
      credentials: [credentials],
      region: REGION,
      service: "bedrock",
    });
    assert.deepEqual(verdict, { ok: true, accessKeyId: credentials.accessKeyId }, model);
  }
});

Deno.test("the fake's SigV4 verifier accepts Smithy's signature with a session token and a query", async () => {
  const temporary = { ...credentials, sessionToken: awsSessionToken("SMITHY") };
  const url = new URL("http://127.0.0.1:8080/model/m/converse-stream?b=2&a=1%2F");
  const request = await smithySigned(url, "{}", signerFor(temporary));
  assert.ok(request.headers.get("x-amz-security-token"));
  const verdict = verifySigV4(request, {
    credentials: [temporary],
    region: REGION,
    service: "bedrock",
  });
  assert.deepEqual(verdict, { ok: true, accessKeyId: credentials.accessKeyId });
});

Deno.test("the fake's SigV4 verifier rejects Smithy's signature once the body, region or key differs", async () => {
  const url = new URL("http://127.0.0.1:8080/model/m/converse");
  const request = await smithySigned(url, '{"a":1}', signerFor(credentials));
  const options = { credentials: [credentials], region: REGION, service: "bedrock" };
  const tampered = { ...request, body: new TextEncoder().encode('{"a":2}') };
  assert.equal(verifySigV4(tampered, options).ok, false);
  assert.equal(verifySigV4(request, { ...options, region: "eu-west-1" }).ok, false);
  const otherSecret = { ...credentials, secretAccessKey: awsSecretAccessKey("other") };
  assert.equal(verifySigV4(request, { ...options, credentials: [otherSecret] }).ok, false);
});

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => new TextDecoder().decode(bytes),
  (text: string) => new TextEncoder().encode(text),
);

Deno.test("the fake's event-stream frames decode with AWS's Smithy codec, CRCs and headers included", () => {
  const payload = { delta: { text: "Hello, wörld ✓" }, contentBlockIndex: 0 };
  const frame = encodeEvent("contentBlockDelta", payload);
  const decoded = codec.decode(frame);
  assert.deepEqual(decoded.headers, {
    ":event-type": { type: "string", value: "contentBlockDelta" },
    ":content-type": { type: "string", value: "application/json" },
    ":message-type": { type: "string", value: "event" },
  });
  assert.deepEqual(JSON.parse(new TextDecoder().decode(decoded.body)), payload);
  const exception = codec.decode(encodeException("throttlingException", { message: "slow" }));
  assert.equal(exception.headers[":message-type"].value, "exception");
  assert.equal(exception.headers[":exception-type"].value, "throttlingException");
});

Deno.test("frames AWS's Smithy codec encodes decode the same with the fake's decoder", () => {
  const body = new TextEncoder().encode('{"stopReason":"end_turn"}');
  const frame = codec.encode({
    headers: {
      ":event-type": { type: "string", value: "messageStop" },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "event" },
    },
    body,
  });
  const decoded = decodeEventStreamMessage(frame);
  assert.equal(decoded.headers[":event-type"], "messageStop");
  assert.deepEqual(decoded.payload, body);
  // Byte for byte the same as the fake's own encoding of that message.
  assert.deepEqual(frame, encodeEvent("messageStop", { stopReason: "end_turn" }));
});
