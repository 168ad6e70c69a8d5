/**
 * A key cut within its line by a space or a tab after its prefix
 * (`sk-proj-AAAA BBBB…`), and a key wrapped over quoted lines (`> `, `# `,
 * `// `: an e-mail or markdown quote, a comment): `block` refuses the
 * request and `redact` sends no piece of the key (12 characters), whether
 * the first piece matches alone or not, whenever the rest looks like a
 * key's rest (12 key characters or more, or a digit). Ordinary prose,
 * version numbers, hashes, UUIDs and quoted text are sent as they are.
 */
import assert from "node:assert/strict";
import {
  anthropicKey,
  awsAccessKeyId,
  openaiProjectKey,
  pad,
  xaiKey,
} from "../credentials/_canaries.ts";
import { blockSampler, sent, sentRun } from "./_guard_checks.ts";

/** Canary keys and the prefix that names each (the cut is after it). */
const KEYS: { secret: string; prefix: string }[] = [
  { secret: anthropicKey("BLANK"), prefix: "sk-ant-api03-" },
  { secret: openaiProjectKey("BLANK"), prefix: "sk-proj-" },
  { secret: awsAccessKeyId("SP2ACE"), prefix: "AKIA" },
  { secret: "ghp_" + pad("CANARY2blank", 36, "aB3dE5fG"), prefix: "ghp_" },
  { secret: xaiKey("BLANK"), prefix: "xai-" },
];

/** What a cut within a line leaves between the pieces. */
const BLANKS = [" ", "\t", "  ", " \t", "\u00A0"];

/** The prefixes of quoted or commented lines. */
const QUOTES = ["> ", ">> ", "> > ", ">", "# ", "## ", "// ", "  > "];

/** A rest that looks like the rest of a key: 12 key characters or more, or a digit. */
function keyLike(rest: string): boolean {
  return rest.length >= 12 || /\d/.test(rest);
}

/** Whether to ask block too, at every fourth cut of each test (redact at every cut). */
const askBlock = blockSampler();

/**
 * Why `content`, holding `secret` in `pieces`, is not safely handled: refused by block, no
 * piece sent by redact.
 */
function unsafe(content: string, secret: string, pieces: string[]): string | undefined {
  if (askBlock(pieces) && sent(content, "block") !== undefined) return "sent under block";
  const text = sent(content, "redact");
  if (text === undefined) return undefined;
  return sentRun(secret, text) === undefined ? undefined : "a piece sent under redact";
}

Deno.test("a key cut by a space or a tab after its prefix is refused by block and never sent by redact", () => {
  const misses: string[] = [];
  for (const { secret, prefix } of KEYS) {
    for (let at = prefix.length; at < secret.length; at++) {
      const [head, rest] = [secret.slice(0, at), secret.slice(at)];
      if (!keyLike(rest)) continue;
      for (const blank of BLANKS) {
        const why = unsafe(`my key is ${head}${blank}${rest} thanks`, secret, [head, rest]);
        if (why) misses.push(`${prefix} cut at ${at} by ${JSON.stringify(blank)}: ${why}`);
      }
    }
  }
  assert.deepEqual(misses, []);
});

Deno.test("a key wrapped over quoted or commented lines is refused by block and never sent by redact", () => {
  const misses: string[] = [];
  for (const { secret, prefix } of KEYS) {
    for (let at = 1; at < secret.length; at++) {
      const [head, rest] = [secret.slice(0, at), secret.slice(at)];
      for (const quote of QUOTES) {
        // Every line quoted, as in a quoted e-mail.
        const quoted = `${quote}my key:\n${quote}${head}\n${quote}${rest}\n${quote}thanks\n`;
        const whyQuoted = unsafe(quoted, secret, [head, rest]);
        if (whyQuoted) misses.push(`${prefix} at ${at}, all quoted ${quote}: ${whyQuoted}`);
        // Only the rest quoted: taken when it looks like a key's rest.
        if (!keyLike(rest)) continue;
        const why = unsafe(`my key:\n${head}\n${quote}${rest}\nthanks\n`, secret, [head, rest]);
        if (why) misses.push(`${prefix} at ${at}, rest quoted ${quote}: ${why}`);
      }
    }
  }
  assert.deepEqual(misses, []);
});

Deno.test("prose, versions, hashes, UUIDs and quoted text with spaces and tabs are sent as they are", () => {
  const texts = [
    "I use sk-learn 1.2.3 with numpy 1.26.4 and pandas 2.2.0 on Python 3.12.\n",
    "GitHub tokens start with ghp_ followed by 36 characters; gho_ and ghu_ too (v2024).\n",
    "The docs use AKIAIOSFODNN7EXAMPLE 2024-01-01 as the example key id.\n",
    "The prefixes sk-proj- and sk-ant-api03- mark keys issued after 20240115 and 20230601.\n",
    "xai- keys: see https://docs.x.ai 2024 and xai-sdk 1.0.7 for the client.\n",
    "commit 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\tMerge 550e8400-e29b-41d4-a716-446655440000\n",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  empty.txt\n",
    "> sk-learn is nice\n> 1.2.3 is the version we pin\n> thanks, Ada\n",
    "# xai-grok model notes\n# 2024-05-01 release of grok-2\n## 3. Install with pip 24.0\n",
    "// sk-ant-api03- prefixes are documented\n// 20240229 is the date of that change\n",
    "id\tsha\tuuid\n1\tdeadbeefcafe0123456789\t123e4567-e89b-12d3-a456-426614174000\n",
    "AKIA is the prefix of long-term keys, ASIA 2 of temporary ones.\n",
  ];
  for (const content of texts) {
    assert.equal(sent(content, "block"), content, `block: ${content}`);
    assert.equal(sent(content, "redact"), content, `redact: ${content}`);
  }
});

Deno.test("under redact, a word after a whole key and a space stays (only a key-like rest is taken)", () => {
  for (const { secret } of KEYS) {
    for (const word of ["and thanks", "Please summarise.", "main.py", "so\tthere"]) {
      const content = `key: ${secret} ${word}\n`;
      const text = sent(content, "redact");
      assert.ok(text !== undefined && !text.includes(secret.slice(-12)), word);
      assert.ok(text.endsWith(` ${word}\n`), `${word}: ${JSON.stringify(text)}`);
    }
  }
});
