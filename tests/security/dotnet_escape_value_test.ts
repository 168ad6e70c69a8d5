/**
 * Values after a key read `+` and `/` as .NET's System.Text.Json writes
 * them (`\u002B`, `\u002F`, either case) and as a URL writes them (`%2B`,
 * `%2F`), for the families whose values hold `+` and `/`: the AWS secret
 * key, the AWS session token and a credential assigned to a token, secret
 * or API key name. `omn redact` masks them whole, and the outgoing guard
 * masks them (`redact`) or refuses them (`block`).
 */
import assert from "node:assert/strict";
import { redact } from "../../src/security/redact.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import { RefusalError } from "../../src/core/errors.ts";

const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzCANARYK27"; // 40 characters, with + and /
const TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+" +
  "Ab+Cd0123456789".repeat(6);
const CREDENTIAL = "Zq81xWv0PLm3/Nb7TyR4c+Hk29";

/** `value` with `+` and `/` written as `plus` and `slash`. */
const escaped = (value: string, plus: string, slash: string) =>
  value.replaceAll("+", plus).replaceAll("/", slash);

/** Every run of 8 characters of `value` between its `+` and `/` (what must not be sent). */
const runs = (value: string) => value.split(/[+/]/).filter((run) => run.length >= 8);

const cases: { name: string; text: string; value: string }[] = [];
for (const [plus, slash] of [["\\u002B", "\\u002F"], ["\\u002b", "\\u002f"], ["%2B", "%2F"]]) {
  const json = plus.startsWith("\\");
  const wrap = (key: string, value: string) =>
    json ? `{"${key}":"${value}"}` : `${key}=${value}&x=1`;
  cases.push(
    {
      name: `secret ${plus}`,
      text: wrap("aws_secret_access_key", escaped(SECRET, plus, slash)),
      value: SECRET,
    },
    {
      name: `SecretAccessKey ${plus}`,
      text: wrap("SecretAccessKey", escaped(SECRET, plus, slash)),
      value: SECRET,
    },
    {
      name: `session token ${plus}`,
      text: wrap("aws_session_token", escaped(TOKEN, plus, slash)),
      value: TOKEN,
    },
    {
      name: `SessionToken ${plus}`,
      text: wrap("SessionToken", escaped(TOKEN, plus, slash)),
      value: TOKEN,
    },
    {
      name: `access_token ${plus}`,
      text: wrap("access_token", escaped(CREDENTIAL, plus, slash)),
      value: CREDENTIAL,
    },
  );
}

Deno.test("omn redact masks values whose + and / are escaped as .NET or a URL writes them, whole", () => {
  for (const { name, text, value } of cases) {
    const masked = redact(text);
    for (const run of runs(value)) assert.ok(!masked.includes(run), `${name}: ${masked}`);
  }
});

Deno.test("the outgoing guard masks them under redact and refuses them under block", () => {
  for (const { name, text, value } of cases) {
    const request = { messages: [{ role: "user" as const, content: `config: ${text}` }] };
    const sent = JSON.stringify(guardRequest(request, "m", "redact").request);
    for (const run of runs(value)) assert.ok(!sent.includes(run), `${name}: ${sent}`);
    assert.throws(() => guardRequest(request, "m", "block"), RefusalError, name);
  }
});
