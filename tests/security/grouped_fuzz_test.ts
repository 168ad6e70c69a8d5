/**
 * The grouped search of long texts (the `sk-` keys by one literal, the
 * password in a URL from its `@`, the other prefixed rules by their anchors)
 * against one regex per pattern, on fuzzed log lines full of near misses:
 * the same findings, whole and cut.
 */
import assert from "node:assert/strict";
import { Matcher } from "../../src/security/_matcher.ts";
import { canaries, seededRandom } from "./_corpus.ts";

function findings(matcher: Matcher, text: string, final: boolean) {
  const found: string[] = [];
  const limit = matcher.scan(text, 0, final, (start, end, hit) => {
    found.push(`${start}-${end} ${hit.kind} ${hit.masked}`);
  });
  return { found, limit };
}

Deno.test("grouped and per-pattern searches agree on fuzzed logs of URLs, sk- look-alikes and keys", () => {
  const random = seededRandom(53);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const secrets = canaries.filter((canary) => !canary.text.includes("\n")).map((canary) =>
    canary.text
  );
  const pieces = [
    () => `https://host.example/path?q=${Math.floor(random() * 1000)} `,
    () => `postgres://app:${pick(secrets).slice(0, 20)}@db.internal:5432/app `,
    () => "mailto:someone@example.com user@host ",
    () => "://:@ ://a@b ://x:y ",
    () => "@".repeat(1 + Math.floor(random() * 5)),
    () => "task-runner disk-usage sk-learn ssk- sk- ",
    () => `sk-${"a1B2".repeat(Math.floor(random() * 15))} `,
    () =>
      `${pick(["api_key", "Token", "SECRET", "authorization"])}${pick(["=", ": ", "%3D", ","])}${
        pick(secrets)
      } `,
    () => `${pick(secrets)} `,
    () => `commit=${"ab12cd34".repeat(5)} integrity=sha512-${"Zq7x+/w2".repeat(11)}== `,
    () => "\n",
  ];
  const grouped = new Matcher([], [], 0);
  const perPattern = new Matcher([], [], Number.POSITIVE_INFINITY);
  let total = 0;
  for (let round = 0; round < 40; round++) {
    let text = "";
    while (text.length < 3000) text += pick(pieces)();
    const expected = findings(perPattern, text, true);
    assert.deepEqual(findings(grouped, text, true), expected, `round ${round}`);
    total += expected.found.length;
    for (let end = 97; end < text.length; end += 389) {
      const prefix = text.slice(0, end);
      assert.deepEqual(findings(grouped, prefix, false), findings(perPattern, prefix, false));
    }
  }
  assert.ok(total > 100, `the logs hold secrets (${total})`);
});
