import assert from "node:assert/strict";
import { mapProviderError } from "../../src/providers/map_provider_error.ts";
import {
  AuthRejectedError,
  InterruptedError,
  ProviderError,
  TimedOutError,
} from "../../src/core/errors.ts";
import type { ResolvedCredentials } from "../../src/credentials/resolve_credentials.ts";
import { awsAccessKeyId, awsSecretAccessKey, openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test("an omn error the SDK wrapped (a timeout, an interruption) comes out as it went in", () => {
  const timeout = new TimedOutError("openai: timed out while streaming");
  const wrapped = Object.assign(
    new Error("Failed to process successful response", { cause: timeout }),
    { name: "AI_APICallError", statusCode: 200 },
  );
  assert.equal(mapProviderError(wrapped, "openai"), timeout);
  const interrupted = new InterruptedError("interrupted");
  const deeper = new Error("outer", { cause: new Error("inner", { cause: interrupted }) });
  assert.equal(mapProviderError(deeper, "openai"), interrupted);
});

Deno.test("an event that is not JSON, and any other message, is one line", () => {
  const parse = Object.assign(new Error("JSON parsing failed: Text: {oops}.\nError message: x"), {
    name: "AI_JSONParseError",
  });
  const mapped = mapProviderError(parse, "openai");
  assert.ok(mapped instanceof ProviderError);
  assert.equal(mapped.message, "openai: the reply stream carried an event that is not JSON");
  const other = mapProviderError(new Error("first\n  second"), "openai") as Error;
  assert.equal(other.message, "openai: first second");
});

Deno.test("Bedrock InvalidSignatureException names the secret access key (or the clock), never the key id", () => {
  const accessKeyId = awsAccessKeyId("SIG");
  const secretAccessKey = awsSecretAccessKey("SIG");
  const credentials: ResolvedCredentials = {
    provider: "bedrock",
    fields: {
      access_key_id: { value: accessKeyId, source: "env", variable: "AWS_ACCESS_KEY_ID" },
      secret_access_key: {
        value: secretAccessKey,
        source: "env",
        variable: "AWS_SECRET_ACCESS_KEY",
      },
    },
    missing: [],
  };
  const signatureError = (message: string) =>
    Object.assign(new Error(message), {
      name: "AI_APICallError",
      statusCode: 403,
      responseBody: JSON.stringify({ message }),
      responseHeaders: {
        "x-amzn-errortype":
          "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/",
      },
    });
  const mismatch = mapProviderError(
    signatureError(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    ),
    "bedrock",
    credentials,
  ) as AuthRejectedError;
  assert.ok(mismatch instanceof AuthRejectedError);
  assert.match(mismatch.message, /^bedrock rejected the request signature \(403: /);
  assert.match(
    mismatch.message,
    /the likely cause is the secret access key \S+ \(fp:[0-9a-f]{12}, from env AWS_SECRET_ACCESS_KEY\) not matching the access key id \(or a wrong system clock\)/,
  );
  assert.doesNotMatch(mismatch.message, /AWS_ACCESS_KEY_ID/);
  for (const secret of [accessKeyId, secretAccessKey]) {
    assert.ok(!mismatch.message.includes(secret.slice(0, 12)));
  }
  const expired = mapProviderError(
    signatureError("Signature expired: 20250101T000000Z is now earlier than 20250101T000500Z"),
    "bedrock",
    credentials,
  ) as AuthRejectedError;
  assert.match(expired.message, /the likely cause is the system clock/);
});

Deno.test("a 400 rejecting the key is still told as such when its message is hidden for a wrapped key", () => {
  const key = openaiProjectKey("WRAP400");
  const message = `Incorrect API key provided:\n${key.slice(0, 12)}\n${key.slice(12)}`;
  const error = Object.assign(new Error("Bad Request"), {
    name: "AI_APICallError",
    statusCode: 400,
    responseBody: JSON.stringify({ error: { message } }),
  });
  const mapped = mapProviderError(error, "acme") as Error;
  assert.ok(mapped instanceof AuthRejectedError, mapped.message);
  assert.match(mapped.message, /\(400: \(not shown: it holds a key split across lines/);
  assert.ok(!mapped.message.includes(key.slice(12, 24)));
});
