import assert from "node:assert/strict";
import { leadingLiteral, LiteralFinder } from "../../src/security/_literal_finder.ts";
import { patterns } from "../../src/security/patterns.ts";
import { seededRandom } from "./_corpus.ts";

Deno.test("find gives what indexOf gives, for every start, on texts full of near misses", () => {
  const literals = ["-----BEGIN ", '"private_key"', "eyJ", "sk-", "a", "Q", "ab_ab", '""'];
  const pieces = [
    "-----BEGIN",
    "-----BEGIN ",
    "BEGIN ",
    '"private_key',
    '_key"',
    '"private_key"',
    "ey",
    "J",
    "eyJ",
    "sk",
    "-",
    "sk-",
    "a",
    "ab_",
    "ab_ab",
    '"',
    " ",
    "\n",
  ];
  const random = seededRandom(7);
  for (let round = 0; round < 200; round++) {
    let text = "";
    while (text.length < 120) text += pieces[Math.floor(random() * pieces.length)];
    for (const literal of literals) {
      const finder = new LiteralFinder(literal);
      for (let from = 0; from <= text.length + 1; from++) {
        assert.equal(
          finder.find(text, from),
          text.indexOf(literal, from),
          `${literal} in ${text} from ${from}`,
        );
      }
    }
  }
});

Deno.test("an empty literal is refused", () => {
  assert.throws(() => new LiteralFinder(""), /Cannot find an empty literal/);
});

Deno.test("leadingLiteral keeps only the text every match starts with", () => {
  assert.equal(leadingLiteral("-----BEGIN (?:RSA )?PRIVATE"), "-----BEGIN ");
  assert.equal(leadingLiteral('"private_key"[ \\t]*:'), '"private_key"');
  assert.equal(leadingLiteral("abc?d"), "ab");
  assert.equal(leadingLiteral("abc*"), "ab");
  assert.equal(leadingLiteral("abc{0,2}"), "ab");
  assert.equal(leadingLiteral("abc+"), "abc");
  assert.equal(leadingLiteral("abc$"), "abc");
  assert.equal(leadingLiteral("\\-abc"), "");
  assert.equal(leadingLiteral("(?:abc)"), "");
  assert.equal(leadingLiteral("abc|def"), "");
  assert.equal(leadingLiteral("ab(?:c|d)e"), "ab");
  assert.equal(leadingLiteral("ab[|]c"), "ab");
  assert.equal(leadingLiteral("ab\\|c"), "ab");
});

Deno.test("every match of each multi-line partial starts with its leading literal", () => {
  // The hold point runs the multi-line partials only from where one of these literals occurs.
  for (const rule of patterns.filter((pattern) => pattern.multiline)) {
    const literal = leadingLiteral(rule.partial);
    assert.ok(literal.length > 0, `${rule.kind} has no leading literal`);
    const regex = new RegExp(rule.partial, "g");
    const samples = [
      `x ${literal}`,
      `{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE`,
      `-----BEGIN RSA PRIVATE KEY-----\nMIIEow`,
      `-----BEGIN RS`,
      `"private_key":`,
    ];
    for (const sample of samples) {
      for (let start = 0; start < sample.length; start++) {
        regex.lastIndex = start;
        const match = regex.exec(sample);
        if (match !== null) {
          assert.ok(sample.startsWith(literal, match.index), `${rule.kind}: ${sample}`);
        }
      }
    }
  }
});
