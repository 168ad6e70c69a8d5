/**
 * AnchorSearch from a literal every match ends with (`@` for a password in
 * a URL), and for a group of one anchor (the `sk-` keys, found by
 * `LiteralFinder`): the same leftmost match as the group's regex, from
 * every start.
 */
import assert from "node:assert/strict";
import { AnchorSearch } from "../../src/security/_anchor_search.ts";
import { patterns } from "../../src/security/patterns.ts";
import { seededRandom } from "./_corpus.ts";

function assertSameAsRegex(search: AnchorSearch, source: string, text: string): number {
  const regex = new RegExp(source, "gd");
  let matches = 0;
  for (let position = 0; position <= text.length; position++) {
    regex.lastIndex = position;
    const expected = regex.exec(text);
    const actual = search.exec(text, position);
    const shown = (match: RegExpExecArray | null) =>
      match === null ? null : { index: match.index, groups: [...match], indices: match.indices };
    assert.deepEqual(shown(actual), shown(expected), `from ${position} in ${JSON.stringify(text)}`);
    if (expected !== null && expected.index === position) matches++;
  }
  return matches;
}

function texts(pieces: readonly string[], count: number, length: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    let text = "";
    while (text.length < length) text += pieces[Math.floor(random() * pieces.length)];
    return text;
  });
}

const urlRule = patterns.find((rule) =>
  rule.kind === "url-credentials" && rule.anchors[0] === "://"
)!;

Deno.test("a password in a URL searched from its @ gives the regex's match from every start", () => {
  const search = new AnchorSearch(urlRule.source, urlRule.anchors, {
    literal: "@",
    reach: urlRule.reach,
  });
  const pieces = [
    "://",
    "https://",
    "@",
    ":",
    "user",
    "pw-Zq7x",
    " ",
    "\n",
    "/",
    "?",
    "#",
    '"',
    "user:pw@",
    "a".repeat(60),
    "b:".repeat(20),
    "%40",
    "@@",
  ];
  let matches = 0;
  // Long texts: several @ within one reach, URLs longer than the reach, none at all.
  for (const text of texts(pieces, 12, 900, 31)) {
    matches += assertSameAsRegex(search, urlRule.source, text);
  }
  for (const text of texts(pieces.filter((piece) => !piece.includes("@")), 3, 400, 32)) {
    assertSameAsRegex(search, urlRule.source, text);
  }
  const long = "x".repeat(128);
  for (
    const text of [
      `postgres://app:${long}${long}@db`,
      `postgres://app:${"p".repeat(256)}@db postgres://app:pw@db`,
      `${"@".repeat(50)}https://u:p@h${"@".repeat(50)}`,
      `https://${"u".repeat(128)}:p@h https://${"u".repeat(129)}:p@h`,
      "://:@ ://a:b@ ://@:@",
    ]
  ) {
    matches += assertSameAsRegex(search, urlRule.source, text);
  }
  assert.ok(matches > 20, `the texts hold matches (${matches})`);
});

Deno.test("a group searched from its last literal tries every start within the reach before it", () => {
  // Matches of 1 to 12 characters ending with `!`; anchors whose rarest characters overlap.
  const source = "(ab_[a-z]{0,6}!)|(b_c[^!\\n]{0,8}!)|(?<=q)(Jq!)";
  const search = new AnchorSearch(source, ["ab_", "b_c", "Jq"], { literal: "!", reach: 12 });
  const pieces = ["a", "b", "_", "c", "!", "J", "q", "ab_", "b_c", "Jq!", "zzzz", "\n", "!!"];
  let matches = 0;
  for (const text of texts(pieces, 200, 40, 33)) matches += assertSameAsRegex(search, source, text);
  assert.ok(matches > 50, `the texts hold matches (${matches})`);
});

Deno.test("a required literal that is empty is refused", () => {
  assert.throws(
    () => new AnchorSearch("(a@)", ["a"], { literal: "", reach: 2 }),
    /Cannot search from a required literal/,
  );
});

Deno.test("the sk- keys, one anchor found as a literal, give the regex's match from every start", () => {
  const rules = patterns.filter((rule) => rule.anchors.every((anchor) => anchor.startsWith("sk-")));
  assert.ok(rules.length >= 5, "the sk- rules");
  const source = rules.map((rule) => rule.source).join("|");
  const search = new AnchorSearch(source, rules.flatMap((rule) => rule.anchors));
  const pieces = [
    "sk-",
    "ssk-",
    "sk",
    "k-",
    "-",
    "sk-ant-",
    "sk-ant-admin01-",
    "sk-or-v1-",
    "sk-proj-",
    "T3BlbkFJ",
    "0123456789abcdef",
    "a1B2c3D4e5F6g7H8i9J0",
    "task-runner ",
    " ",
    "%3D",
  ];
  let matches = 0;
  for (const text of texts(pieces, 40, 300, 34)) matches += assertSameAsRegex(search, source, text);
  const key = `sk-ant-api03-${"a1B2c3D4e5".repeat(5)}`;
  matches += assertSameAsRegex(search, source, `${"sk-".repeat(40)}${key} ${"ssk-".repeat(30)}`);
  assert.ok(matches > 20, `the texts hold matches (${matches})`);
});
