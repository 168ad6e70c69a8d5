import assert from "node:assert/strict";
import { AnchorSearch } from "../../src/security/_anchor_search.ts";
import { patterns } from "../../src/security/patterns.ts";
import { corpus, seededRandom } from "./_corpus.ts";

/** Fails where `search` and the regex of `source` differ, from any start in `text`. */
function assertSameAsRegex(search: AnchorSearch, source: string, text: string): void {
  const regex = new RegExp(source, "gd");
  for (let position = 0; position <= text.length; position++) {
    regex.lastIndex = position;
    const expected = regex.exec(text);
    const actual = search.exec(text, position);
    const shown = (match: RegExpExecArray | null) =>
      match === null ? null : { index: match.index, groups: [...match], indices: match.indices };
    assert.deepEqual(shown(actual), shown(expected), `from ${position} in ${JSON.stringify(text)}`);
  }
}

/** Texts of `pieces` in random order, `count` of them, each about `length` characters. */
function texts(pieces: readonly string[], count: number, length: number): string[] {
  const random = seededRandom(17);
  return Array.from({ length: count }, () => {
    let text = "";
    while (text.length < length) text += pieces[Math.floor(random() * pieces.length)];
    return text;
  });
}

Deno.test("anchors whose rarest characters overlap give the regex's leftmost match from every start", () => {
  // `b_c` starts inside `ab_`, `_x` inside both; `eyJ` and `yJz` share their rarest character.
  const source = "(ab_c)|(b_cd)|(_x+)|(eyJ.)|(yJz)|(?<=q)(Jq)";
  const search = new AnchorSearch(source, ["ab_", "b_c", "_x", "eyJ", "yJz", "Jq"]);
  const pieces = ["a", "b", "_", "c", "d", "x", "e", "y", "J", "z", "q", "ab_c", "b_cd", "eyJz"];
  for (const text of texts(pieces, 300, 24)) assertSameAsRegex(search, source, text);
});

Deno.test("the anchored patterns give, from every start, what their grouped regex gives", () => {
  // The rules found by their own prefix, in table order, as _matcher.ts groups them.
  // Those without a guard, as _matcher.ts searches them: by their own prefix, or (the key rules
  // with an encoded operator) from their first %, \ or &.
  const rules = patterns.filter((rule) => rule.guard === "");
  const source = rules.map((rule) => rule.source).join("|");
  const search = new AnchorSearch(source, rules.flatMap((rule) => rule.anchors));
  const anchors = [...new Set(rules.flatMap((rule) => rule.anchors))];
  const pieces = [
    ...anchors,
    ...anchors.map((anchor) => anchor.slice(1)),
    ...anchors.map((anchor) => anchor.slice(0, -1)),
    "a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ",
    "-",
    "_",
    " ",
    "\n",
    "%2F",
    "@",
    ":",
    "user:pw",
    "T3BlbkFJ",
    "api_key",
    "token",
    "%3D",
    "%22",
    "\\u003d",
    "&#61;",
    "&quot;",
    "%2F%2F",
  ];
  for (const text of texts(pieces, 40, 160)) assertSameAsRegex(search, source, text);
  for (const { text } of corpus.filter((_, index) => index % 20 === 0)) {
    assertSameAsRegex(search, source, `x ${text} y`);
  }
});

Deno.test("anchors packed close together (searched by the group regex then) give the same matches", () => {
  const rules = patterns.filter((rule) => rule.guard === "");
  const source = rules.map((rule) => rule.source).join("|");
  const search = new AnchorSearch(source, rules.flatMap((rule) => rule.anchors));
  const key = `sk-ant-api03-${"a1B2c3D4e5".repeat(5)}`;
  for (
    const packed of ["sk-".repeat(40), "eyJ ".repeat(30), "://".repeat(40), "x-sk-://".repeat(20)]
  ) {
    assertSameAsRegex(search, source, `${packed}${key} ${packed}`);
    assertSameAsRegex(search, source, `${key}${packed}AKIA${"QZ2345".repeat(3)}XY`);
  }
});

Deno.test("the key rules with an encoded operator give, from every start, what their regex gives", () => {
  const rules = patterns.filter((rule) => rule.guard === "" && rule.keys !== undefined);
  assert.ok(rules.length > 0, "the encoded-operator rules are searched by their anchors");
  const source = rules.map((rule) => rule.source).join("|");
  const search = new AnchorSearch(source, rules.flatMap((rule) => rule.anchors));
  const value = "Zq7xWv2KpL9mNb4RtY6uHs3DfG8jCa1E";
  const operators = [
    "%3D",
    "%3d",
    "%253D",
    "\\u003d",
    "\\x3d",
    "&#61;",
    "&#x3D;",
    "&equals;",
    "\\=",
    "%22%3A%22",
  ];
  const keys = [
    "api_key",
    "client_secret",
    "aws_secret_access_key",
    "Authorization",
    "access_token",
  ];
  const text = keys.flatMap((key) => operators.map((operator) => `${key}${operator}${value}`))
    .join("&x=%20&");
  let matches = 0;
  for (const match of text.matchAll(new RegExp(source, "g"))) if (match.index >= 0) matches++;
  assert.ok(matches > 10, `the text holds matches (${matches})`);
  assertSameAsRegex(search, source, text);
});

Deno.test("a rule without an anchor is refused", () => {
  assert.throws(() => new AnchorSearch("(a)", []), /Cannot search by anchors/);
  assert.throws(() => new AnchorSearch("(a)", ["a", ""]), /Cannot search by anchors/);
});
