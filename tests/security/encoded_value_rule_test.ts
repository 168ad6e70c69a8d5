/**
 * The encoded-operator rule asks of a value what the plain key rules ask:
 * a credential assigned to a token, secret or API key name holds a digit
 * and is no call or index, so placeholders and code written with an
 * escaped or entity operator stay as they are, as they do with `=`; header
 * values (Authorization, api-key, x-auth-token) are masked whatever their
 * characters, in both forms.
 */
import assert from "node:assert/strict";
import { redact } from "../../src/security/redact.ts";

const VALUE = "Zq81xWv0PLm3Nb7TyR4c";

Deno.test("placeholders and calls after an encoded operator stay, as after a plain one", () => {
  const kept = [
    ["client_secret&#61;YOUR_CLIENT_SECRET_HERE", "client_secret=YOUR_CLIENT_SECRET_HERE"],
    ["token%3DgetAuthenticationTokenFromStore", "token=getAuthenticationTokenFromStore"],
    ["page_token\\u003dnextPageOfResultsPlease", "page_token=nextPageOfResultsPlease"],
    [
      "{&quot;api_key&quot;: &quot;your-api-key-goes-here&quot;}",
      '{"api_key": "your-api-key-goes-here"}',
    ],
    ["token%3DmakeAccessToken2(user)", "token=makeAccessToken2(user)"],
    ["secret&#61;lookupSecretValue2[index]", "secret=lookupSecretValue2[index]"],
  ];
  for (const [encoded, plain] of kept) {
    assert.equal(redact(plain), plain, plain);
    assert.equal(redact(encoded), encoded, encoded);
  }
});

Deno.test("a value with a digit after an encoded operator is masked, as after a plain one", () => {
  for (
    const text of [
      `client_secret&#61;${VALUE}`,
      `token%3D${VALUE}`,
      `page_token\\u003d${VALUE}`,
      `{&quot;api_key&quot;: &quot;${VALUE}&quot;}`,
      `%22api_key%22%3A%22${VALUE}%22`,
      `client_secret=${VALUE}`,
    ]
  ) {
    const masked = redact(text);
    assert.ok(!masked.includes(VALUE.slice(0, 8)) && !masked.includes(VALUE.slice(-8)), text);
  }
});

Deno.test("header values are masked without a digit, encoded or plain", () => {
  const letters = "abcdefghijklmnopqrstuvwxyzABCD";
  for (
    const text of [
      `Authorization: Bearer ${letters}`,
      `Authorization%3A%20Bearer%20${letters}`,
      `x-auth-token%3D${letters}`,
      `api-key&#61;${letters}`,
    ]
  ) {
    assert.ok(!redact(text).includes(letters.slice(0, 12)), text);
  }
});
