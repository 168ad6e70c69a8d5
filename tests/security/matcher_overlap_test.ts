import assert from "node:assert/strict";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";
import { streamed } from "./_streamed.ts";

Deno.test("a stored secret that a key rule's value stops short of is masked whole, whole and streamed", () => {
  clearKnownSecrets();
  // `!`, `#`, `@` and `$` end a key rule's value; the stored key goes on.
  const secrets = ["Xy7pQ2mN8vL4kR9sT1!extra#Q", "Ab3dEf6hIj9kLm2nOp5q@tail$Z"];
  for (const secret of secrets) registerSecret(secret, "OPENAI_API_KEY");
  try {
    for (const secret of secrets) {
      const tail = secret.slice(secret.search(/[!@]/));
      for (
        const text of [
          `client_secret=${secret}`,
          `API_KEY: ${secret} done`,
          `{"token": "${secret}", "next": 1}`,
          `export PASSWORD=${secret}\n`,
        ]
      ) {
        const whole = redact(text);
        assert.ok(!whole.includes(tail), `${text} -> ${whole}`);
        assert.ok(!whole.includes(secret.slice(0, 8)), `${text} -> ${whole}`);
        for (let cut = 1; cut < text.length; cut++) {
          assert.equal(streamed(text, cut), whole, `${JSON.stringify(text)} cut at ${cut}`);
        }
      }
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("two secrets that only touch are masked apart, each as its own kind", () => {
  clearKnownSecrets();
  const output = redact(
    "a sk-ant-api03-" + "x".repeat(93) + "AA and ghp_" + "b".repeat(36) + " end",
  );
  assert.match(output, /^a sk-ant-\*\*\* and ghp_\*\*\* end$/);
});

Deno.test("stored secrets overlapping each other or inside a key rule's value are masked whole", () => {
  const cases: [string[], string, string][] = [
    [
      ["qqqqqqqqq", "zzzzzzzz!tail99"],
      "client_secret=Ab1qqqqqqqqqBBzzzzzzzz!tail99 more",
      "tail99",
    ],
    [
      ["Ab1cdefghijkl!mn", "!mn#op@qr$tail77"],
      "client_secret=Ab1cdefghijkl!mn#op@qr$tail77 more",
      "tail77",
    ],
    [["abcdXYZW!1q", "XYZW!1q234@x"], "pre abcdXYZW!1q234@x post", "234@x"],
  ];
  for (const [secrets, text, tail] of cases) {
    clearKnownSecrets();
    for (const secret of secrets) registerSecret(secret, "TEST_KEY");
    try {
      const whole = redact(text);
      assert.ok(!whole.includes(tail), `${text} -> ${whole}`);
      assert.ok(whole.endsWith(text.endsWith("more") ? " more" : " post"), whole);
      for (let cut = 1; cut < text.length; cut++) {
        assert.equal(streamed(text, cut), whole, `${JSON.stringify(text)} cut at ${cut}`);
      }
    } finally {
      clearKnownSecrets();
    }
  }
});

Deno.test("a rule's match that leftmost-first did not choose does not widen the mask", () => {
  clearKnownSecrets();
  const token = "ghp_" + "N9Ay0123456789abcdefghijABCDEFGHIJKL";
  assert.equal(
    redact(`https://x-access-token:${token}@github.com/o/r`),
    "https://x-access-token:ghp_***@github.com/o/r",
  );
});

Deno.test("a match found by a lookback (the Azure key's 52 characters) is held from its start", async () => {
  const { azureNewKey } = await import("../credentials/_canaries.ts");
  const key = azureNewKey("L");
  const stored = `${key.slice(-12)}!tail42`;
  clearKnownSecrets();
  registerSecret(stored, "TEST_KEY");
  try {
    const text = `azure ${key}!tail42 end`;
    const whole = redact(text);
    assert.ok(!whole.includes(key.slice(0, 20)) && !whole.includes("tail42"), whole);
    for (let cut = 1; cut < text.length; cut++) {
      assert.equal(streamed(text, cut), whole, `cut at ${cut}`);
    }
  } finally {
    clearKnownSecrets();
  }
});
