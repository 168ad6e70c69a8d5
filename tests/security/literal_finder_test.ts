import assert from "node:assert/strict";
import {
  leadingLiteral,
  LiteralFinder,
  trailingLiteral,
} from "../../src/security/_literal_finder.ts";
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

Deno.test("trailingLiteral keeps only the text every match ends with", () => {
  assert.equal(trailingLiteral("://[^\\s:/?#@]{0,128}:([^\\s/?#]{1,256})@"), "@");
  assert.equal(trailingLiteral("a(?:b|c)def"), "def");
  assert.equal(trailingLiteral("ab\\.com"), "com");
  assert.equal(trailingLiteral("ab@?"), "");
  assert.equal(trailingLiteral("ab@*"), "");
  assert.equal(trailingLiteral("ab@{2}"), "");
  assert.equal(trailingLiteral("ab@+"), "");
  assert.equal(trailingLiteral("ab@$"), "");
  assert.equal(trailingLiteral("ab\\d"), "");
  assert.equal(trailingLiteral("ab\\\\@"), "");
  assert.equal(trailingLiteral("ab(?!c)"), "");
  assert.equal(trailingLiteral("[a@]"), "");
  assert.equal(trailingLiteral("a@|b@"), "");
  assert.equal(trailingLiteral("(a|b)@"), "@");
  assert.equal(trailingLiteral("abc"), "abc");
});

Deno.test("every match of a pattern with a trailing literal ends with it", () => {
  const sources = patterns.map((pattern) => pattern.source);
  assert.ok(sources.some((source) => trailingLiteral(source) === "@"), "the URL password rule");
  const random = seededRandom(11);
  const pieces = ["://", "u", ":", "p", "@", " ", "%3A%2F%2F", "%3A", "%40", "\\/\\/", "x"];
  for (const source of sources) {
    const literal = trailingLiteral(source);
    if (literal === "") continue;
    for (let round = 0; round < 200; round++) {
      let text = "";
      while (text.length < 60) text += pieces[Math.floor(random() * pieces.length)];
      for (const match of text.matchAll(new RegExp(source, "g"))) {
        assert.ok(match[0].endsWith(literal), `${source} on ${text}`);
      }
    }
  }
});
