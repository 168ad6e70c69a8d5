import assert from "node:assert/strict";
import {
  type EncodedForm,
  type KnownForm,
  Matcher,
  type PartialTier,
} from "../../src/security/_matcher.ts";
import { encodedForm, knownForms } from "../../src/security/_known_secrets.ts";
import { shortTextGroups, shortTextPartialTiers } from "../../src/security/_short_text_rules.ts";
import { escapeRegExp, patterns } from "../../src/security/patterns.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";
import { benign, corpus } from "./_corpus.ts";
import { onePerClass } from "./_corpus_cuts.ts";
import { knownCanaries, patternCanaries } from "./_leak_checks.ts";

/** Every corpus and benign text, and a few that hold several formats and near misses at once. */
const texts = [
  ...corpus.map((entry) => entry.text),
  ...benign.map((entry) => entry.text),
  corpus.slice(0, 40).map((entry) => entry.text).join("\n"),
  corpus.filter((entry) => entry.contextType === "keyed").slice(0, 30).map((entry) => entry.text)
    .join(" "),
  "Api_Key: x; TOKEN=abc; Authorization: Bearer; secret-access-key => ; sk- eyJ :// AKIA A3T",
  `{"key":"none","input_tokens":1,"output_tokens":20,"host":"","outcome":"ok"}`,
];

const mixed = texts.slice(corpus.length + benign.length);
const cutTexts = [
  ...onePerClass(corpus).map((entry) => entry.text),
  ...benign.map((entry) => entry.text),
  ...mixed,
];

/** The grouped regexes (never the short path) and the per-pattern ones (always). */
function matchers(forms: readonly KnownForm[] = [], encoded: readonly EncodedForm[] = []) {
  return {
    grouped: new Matcher(forms, encoded, 0),
    perPattern: new Matcher(forms, encoded, Number.POSITIVE_INFINITY),
  };
}

function findings(matcher: Matcher, text: string, from: number, final: boolean) {
  const found: string[] = [];
  const limit = matcher.scan(text, from, final, (start, end, hit) => {
    found.push(`${start}-${end} ${hit.kind} ${hit.masked}`);
  });
  return { found, limit };
}

function assertSameEverywhere(
  grouped: Matcher,
  perPattern: Matcher,
  text: string,
  step: number,
): void {
  assert.deepEqual(findings(perPattern, text, 0, true), findings(grouped, text, 0, true));
  // Streaming: the same decided matches and hold point at every cut.
  for (let end = 1; end <= text.length; end += step) {
    const prefix = text.slice(0, end);
    assert.deepEqual(
      findings(perPattern, prefix, 0, false),
      findings(grouped, prefix, 0, false),
      `cut at ${end} of ${JSON.stringify(text.slice(0, 60))}`,
    );
  }
}

Deno.test("per-pattern regexes find what the grouped regexes find, whole and cut", () => {
  const { grouped, perPattern } = matchers();
  // Whole, every text; cut, one text of each canary and each context (the others repeat
  // their formats and contexts), the benign texts and the mixed ones.
  for (const text of texts) {
    assert.deepEqual(findings(perPattern, text, 0, true), findings(grouped, text, 0, true));
  }
  // The mixed texts (thousands of characters, each cut a scan of all before it) at some
  // 300 cuts each; every other text at every fifth offset.
  for (const text of cutTexts) {
    assertSameEverywhere(grouped, perPattern, text, Math.max(5, Math.ceil(text.length / 300)));
  }
});

Deno.test("with known secrets, per-pattern and grouped regexes find the same", () => {
  const values = [...knownCanaries("S"), ...patternCanaries("S")].map((canary) => canary.value);
  const forms = values.flatMap((value) => knownForms(value, "TEST_KEY"));
  const encoded = values.map((value) => encodedForm(value, "TEST_KEY"));
  const { grouped, perPattern } = matchers(forms, encoded);
  for (const value of values) {
    const withValue = [
      `key ${value} end`,
      `url ?k=${
        encodeURIComponent(value).replace(/[A-Z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)
      }&x`,
      `json "${
        JSON.stringify(value).slice(1, -1).replace(/[a-z]/, (c) =>
          `\\u00${c.charCodeAt(0).toString(16)}`)
      }"`,
      `base64 ${btoa(value)} done`,
    ];
    for (const text of withValue) assertSameEverywhere(grouped, perPattern, text, 3);
  }
  // Every eleventh offset; the mixed texts at some 300 cuts, as above.
  for (const text of cutTexts) {
    assertSameEverywhere(grouped, perPattern, text, Math.max(11, Math.ceil(text.length / 300)));
  }
});

Deno.test("a known value is masked in every encoding, in short and long texts", () => {
  clearKnownSecrets();
  try {
    for (const value of ["CANARYpa%ss\\word42", "CANARYplainvalue42x"]) {
      registerSecret(value, "TEST_KEY");
      const percent = [...value].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("");
      const unicode = [...value].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
        .join("");
      for (const form of [value, percent, percent.toUpperCase(), unicode]) {
        for (const padding of ["", "x ".repeat(3000)]) {
          const output = redact(`${padding}before ${form} after`);
          assert.ok(!output.includes(form), `${form.slice(0, 12)} (${padding.length})`);
          assert.ok(output.endsWith("before *** after"), output.slice(-40));
        }
      }
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("a short text without anchors or keys runs no pattern regex", () => {
  assert.deepEqual(shortTextGroups("hi", 0), []);
  assert.deepEqual(
    shortTextGroups('Hello from the mock provider. Your prompt had 1 words, starting "hi".', 0),
    [],
  );
  // A comma is an operator anchor, but no key is there to match before it.
  assert.deepEqual(shortTextGroups("red, green, blue", 0), []);
  const kinds = (text: string) => shortTextGroups(text, 0).map((group) => group.rules[0].kind);
  assert.deepEqual(kinds("OPENAI_API_KEY=x"), ["credential-assignment"]);
  assert.ok(kinds("key sk-x").includes("openai"));
  assert.ok(kinds("Authorization: x").includes("authorization-header"));
  // A key's last piece counts only where a key can end: `input_tokens` holds `token`, not a key.
  assert.deepEqual(kinds(`{"input_tokens":1,"output_tokens":25}`), []);
  assert.ok(kinds(`{"access_token":"x"}`).includes("credential-assignment"));
  assert.ok(kinds("api_key%3Dx").includes("credential-assignment"));
  // Only where the anchor is at or after the start of the scan.
  assert.deepEqual(kinds("sk-x and more").includes("openai"), true);
  assert.deepEqual(shortTextGroups("sk-x and more", 4), []);
});

Deno.test("every key-context pattern lists its keys", () => {
  for (const pattern of patterns) {
    if (pattern.guard === "") continue;
    assert.ok(pattern.keys !== undefined && pattern.keys.length > 0, pattern.kind);
  }
});

/**
 * Which patterns may match `text` from `from`, by the rule the module
 * states, checked pattern by pattern: an anchor at or after `from`, and for
 * a key-context pattern every piece of one key anywhere in the lower-cased
 * text, the last one where a key can end. A partial whose regex does not
 * start at an anchor always runs.
 */
function expectedSelection(text: string, from: number) {
  const lower = text.toLowerCase();
  // The last piece of a key where a key can end: before a quote (plain, escaped or encoded), a
  // blank, an operator, or the end of the text.
  const endsKey = (piece: string) =>
    new RegExp(`${escapeRegExp(piece)}(?=["'\x60\\\\%& \t=:,>]|$)`).test(lower);
  const may = (rule: (typeof patterns)[number]) =>
    rule.anchors.some((anchor) => text.includes(anchor, from)) &&
    (rule.keys === undefined || rule.keys.some((key) => {
      const pieces = key.toLowerCase().split("?").filter((piece) => piece !== "");
      return pieces.every((piece) => lower.includes(piece)) && endsKey(pieces.at(-1)!);
    }));
  const atAnchor = (rule: (typeof patterns)[number]) =>
    rule.keys !== undefined ||
    rule.partial.startsWith(`(?:${rule.anchors.map(escapeRegExp).join("|")})`);
  return {
    groups: patterns.filter(may).map((rule) => new RegExp(rule.source).source),
    tiers: patterns.filter((rule) => !rule.multiline && (!atAnchor(rule) || may(rule)))
      .map((rule) => new RegExp(rule.partial).source),
  };
}

/** No multi-line tiers, one array for every call: the tiers of a text without anchors are kept. */
const NO_TIERS: PartialTier[] = [];

function selection(text: string, from: number) {
  return {
    groups: shortTextGroups(text, from).map((group) => group.regex.source),
    tiers: shortTextPartialTiers(text, from, 100, NO_TIERS).map((tier) => tier.regex.source),
  };
}

Deno.test("the patterns chosen for a short text are those its anchors and keys allow", () => {
  const anchors = [...new Set(patterns.flatMap((rule) => rule.anchors))];
  const keys = [...new Set(patterns.flatMap((rule) => rule.keys ?? []))];
  // Keys as they may be written: any case, `?` as `_`, `-` or nothing, a Kelvin sign for a `k`
  // (it lower-cases to `k`), and cut short by one character.
  const keyForms = keys.flatMap((key) => [
    key.replaceAll("?", "_"),
    key.replaceAll("?", "-").toUpperCase(),
    key.replaceAll("?", ""),
    key.replaceAll("?", " ").replaceAll("k", "\u212a"),
    key.slice(0, -1),
  ]);
  const pieces = [...anchors, ...keyForms, "x", " ", "\n", "é", "ab", ",", "Sk-", "sk", "-"];
  let seed = 17;
  const random = (below: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % below;
  };
  const texts: string[] = ["", "hi", "Hello ", "words, ", 'starting "hi". '];
  for (const anchor of anchors) texts.push(anchor, `x${anchor}y`, `${anchor}${anchor}`);
  for (let count = 0; count < 1500; count++) {
    let text = "";
    for (let part = random(6); part >= 0; part--) text += pieces[random(pieces.length)];
    texts.push(text);
  }
  // Past 256 characters from the scan start, anchors are found by a regex search instead of
  // character by character: each text also comes after a long run of plain words.
  const filler = "plain words ".repeat(30);
  let withAnchors = 0;
  for (const short of texts) {
    for (const text of [short, filler + short, short + filler]) {
      const starts = [0, 1, Math.floor(text.length / 2), text.length, filler.length - 2];
      for (const from of new Set(starts)) {
        if (from > text.length) continue;
        const expected = expectedSelection(text, from);
        assert.deepEqual(selection(text, from), expected, `${JSON.stringify(text)} from ${from}`);
        if (expected.groups.length > 0) withAnchors++;
      }
    }
  }
  // The texts reach both paths: many hold an anchor a pattern can use, many hold none.
  assert.ok(withAnchors > 1500 && withAnchors < texts.length * 10, `${withAnchors}`);
});

Deno.test("a text without anchors runs one partial regex, the Azure key's", () => {
  // Every other partial starts with one of its anchors, in a group of its own (`(?:%)`), and
  // so cannot match where none occurs: a partial written otherwise would run on every text.
  const tiers = shortTextPartialTiers("plain words", 0, 100, NO_TIERS);
  assert.deepEqual(
    tiers.map((tier) => tier.regex.source),
    patterns.filter((rule) => rule.kind === "azure-openai" && rule.anchors.includes("JQQJ9"))
      .map((rule) => new RegExp(rule.partial).source),
  );
});

Deno.test("a text without anchors takes the same tiers whatever it holds", () => {
  const none: PartialTier[] = [];
  const first = shortTextPartialTiers("plain words", 0, 100, none);
  assert.equal(shortTextPartialTiers("other words", 0, 100, none), first);
  // A different reach or set of multi-line tiers is not served from the one kept.
  const otherReach = shortTextPartialTiers("plain words", 0, 50, none);
  assert.notEqual(otherReach, first);
  assert.ok(otherReach.every((tier) => tier.reach === 50));
  const multiline: PartialTier[] = [{ regex: /-----BEGIN $/g, reach: 9, multiline: true }];
  const withMultiline = shortTextPartialTiers("plain words", 0, 100, multiline);
  assert.equal(withMultiline.at(-1), multiline[0]);
  assert.equal(withMultiline.length, first.length + 1);
});
