/**
 * A secret recognised by the key before it (`aws_secret_access_key=…`,
 * `client_secret: …`, `Authorization: …`) is found when the operator or the
 * quotes around it are written as escapes or entities: percent-encoded
 * (`%3D`, `%3d`, doubly `%253D`), as JSON or source escapes (`\u003d`,
 * `\x3d`), as HTML entities (`&#61;`, `&#x3D;`, `&equals;`, `&quot;`), or
 * escaped with a backslash (`\=`): a URL inside a URL, URL-encoded JSON, an
 * HTML-escaped snippet. Every key family, every form, every chunk cut, and
 * the outgoing guard; benign encoded text stays as it is.
 */
import assert from "node:assert/strict";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { IncrementalRedactor } from "../../src/security/redact_stream.ts";
import { ByteRedactor } from "../../src/security/byte_redactor.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import { RefusalError } from "../../src/core/errors.ts";
import { canaries, canaryString } from "./_corpus.ts";
import { cutsAroundValue } from "./_corpus_cuts.ts";

/** Keys of every context family, each with a canary of the shape its rule takes. */
function keyedValues(): { key: string; value: string }[] {
  const byName = (name: string) => canaries.find((canary) => canary.name === name)!.text;
  const assignment = canaryString(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    32,
  );
  return [
    { key: "aws_secret_access_key", value: byName("AWS secret access key") },
    { key: "AWS_SECRET_ACCESS_KEY", value: byName("AWS secret access key") },
    { key: "SecretAccessKey", value: byName("AWS secret access key") },
    { key: "X-Amz-Security-Token", value: byName("AWS session token") },
    { key: "aws_session_token", value: byName("AWS session token") },
    { key: "MISTRAL_API_KEY", value: byName("Mistral key") },
    { key: "co_api_key", value: byName("Cohere key") },
    { key: "AZURE_OPENAI_API_KEY", value: byName("Azure OpenAI key, old format") },
    { key: "client_secret", value: assignment },
    { key: "api_key", value: assignment },
    { key: "apiKey", value: assignment },
    { key: "access_token", value: assignment },
    { key: "OPENAI_API_KEY", value: assignment },
    { key: "Authorization", value: assignment },
    { key: "x-goog-api-key", value: assignment },
    { key: "private-token", value: assignment },
    // A value with its slashes escaped as JSON (or PHP's json_encode) writes them.
    {
      key: "aws_secret_access_key",
      value: byName("AWS secret access key").replaceAll("/", "\\/"),
    },
    {
      key: "client_secret",
      value: byName("AWS secret access key").replaceAll("/", "\\u002f"),
    },
  ];
}

/** The operator between a key and its value, plain then in every encoding. */
const OPERATORS = [
  "%3D",
  "%3d",
  "%253D",
  "\\u003d",
  "\\u003D",
  "\\\\u003d",
  "\\x3d",
  "\\x3D",
  "&#61;",
  "&#061;",
  "&#x3d;",
  "&#X3D;",
  "&equals;",
  "\\=",
  "%3A",
  "%3a",
  "\\u003a",
  "\\x3A",
  "&#58;",
  "&#x3a;",
  "&colon;",
  "\\:",
  "%3A%20",
  "%3A+",
  // URL-encoded and HTML- or JSON-escaped JSON: `"key": "value"`.
  "%22%3A%22",
  "%22%3A%20%22",
  "%22%3A+%22",
  "%2522%253A%2522",
  "&quot;:&quot;",
  "&quot;: &quot;",
  "&#34;&#58;&#34;",
  "\\u0022:\\u0022",
  "\\u0022\\u003a\\u0022",
  "%27%3A%27",
  "&#39;: &#39;",
  "&apos;:&apos;",
];

/** What follows the value in each form's text (an encoded `&` or quote, a line end). */
const AFTER = ["", "%26next%3Dx", "%22%7D", "&quot;}", "\\u0026x=1", "&amp;x=1", '"'];

/** Where the key stands: after a plain `=` of a query string, or after an encoded quote. */
const BEFORE = ["see https://x.test/cb?next=", "body=%7B%22", "<pre>{&quot;", '{"data":"{\\u0022'];

function lines(): { line: string; value: string }[] {
  const found: { line: string; value: string }[] = [];
  for (const { key, value } of keyedValues()) {
    OPERATORS.forEach((operator, index) => {
      const before = BEFORE[index % BEFORE.length];
      const after = AFTER[index % AFTER.length];
      found.push({ line: `${before}${key}${operator}${value}${after} ok\n`, value });
    });
  }
  return found;
}

Deno.test("every key family with an encoded operator or quotes is masked by redact", () => {
  clearKnownSecrets();
  const leaks = lines().filter(({ line, value }) => redact(line).includes(value));
  assert.deepEqual(leaks.map(({ line }) => line.slice(0, 90)), []);
});

Deno.test("an encoded operator cut between chunks at every offset is masked as a whole text is", () => {
  clearKnownSecrets();
  const encoder = new TextEncoder();
  // Every offset from the key to the value's first characters and from its last ones on, and
  // around each escape inside it; the runs of letters and digits within the value are cut at
  // every STRIDE-th offset, in another phase for each line (_corpus_cuts.ts, cutsAroundValue).
  lines().filter((_, index) => index % 7 === 0).forEach(({ line, value }, index) => {
    const text = "pad ".repeat(20) + line;
    const expected = redact(text);
    assert.ok(!expected.includes(value), line);
    const bytes = encoder.encode(text);
    const start = text.indexOf(value);
    const cuts = cutsAroundValue(text, start, start + value.length, index)
      .filter((cut) => cut >= 70);
    for (const cut of cuts) {
      const redactor = new IncrementalRedactor();
      const output = redactor.push(text.slice(0, cut)) + redactor.push(text.slice(cut)) +
        redactor.finish();
      if (output !== expected) assert.equal(output, expected, `cut at ${cut} of ${line}`);
      const byteRedactor = new ByteRedactor();
      const viaBytes = byteRedactor.push(bytes.subarray(0, cut)) +
        byteRedactor.push(bytes.subarray(cut)) + byteRedactor.finish();
      if (viaBytes !== expected) assert.equal(viaBytes, expected, `bytes cut at ${cut}`);
    }
  });
});

Deno.test("the outgoing guard refuses under block and masks under redact an encoded-operator secret", () => {
  clearKnownSecrets();
  const misses: string[] = [];
  for (const { line, value } of lines()) {
    const request = { messages: [{ role: "user" as const, content: `look at ${line}` }] };
    try {
      guardRequest(request, "model", "block");
      misses.push(`block sent ${line.slice(0, 70)}`);
    } catch (error) {
      if (!(error instanceof RefusalError)) throw error;
    }
    const sent = guardRequest(request, "model", "redact").request;
    if (JSON.stringify(sent).includes(value)) misses.push(`redact sent ${line.slice(0, 70)}`);
  }
  assert.deepEqual(misses, []);
});

Deno.test("encoded text without a secret stays as it is", () => {
  clearKnownSecrets();
  const benign = [
    "https://x.test/?redirect=%2Fhome%3Fpage%3D2%26sort%3Dasc",
    "https://x.test/?q=token%3Dabc",
    "a&#61;b and x&equals;y and &quot;hello&quot;",
    'JSON "\\u003d" and "\\x3d" escapes in source',
    "monkey%3Dbanana%26key%3Dvalue",
    "the token&#58; is described below &amp; more",
    "token%3Ashort and token&#58;it",
    "&quot;api_key&quot;: &quot;your key&quot;",
    "sha256%3Dabcdef0123456789abcdef0123456789",
    "&lt;token&gt;&lt;/token&gt;",
  ];
  for (const text of benign) assert.equal(redact(text), text);
});
