/**
 * Hostile review: Cyrillic letters that look like Latin ones but are not in
 * the normaliser's look-alike table hide a key from --on-secret block and
 * from omn redact.
 */
import assert from "node:assert/strict";
import { anthropicKey, mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";
import {
  needsNormalizing,
  normalizeForMatching,
} from "../../src/security/normalize_for_matching.ts";
import { clearKnownSecrets, redact, registerSecret } from "../../src/security/redact.ts";

const providerKey = openaiProjectKey("REVL");
const loaded = mistralKey("REVL"); // CANARYREVLmistral0123…
const patterned = anthropicKey("REVL"); // sk-ant-api03-CANARY_REVL-0123…
const env = { OPENAI_API_KEY: providerKey, MISTRAL_API_KEY: loaded };

/** Latin character → Cyrillic look-alike absent from the table. */
const UNMAPPED: [string, string][] = [
  ["l", "\u04CF"], // Cyrillic small palochka
  ["3", "\u0417"], // Cyrillic capital ze
  // The review had ["L", "\u04C0"]: the capital palochka is a bare vertical
  // stroke that looks like "l" or "I", not "L" (Unicode confusables: Ӏ → l).
  ["l", "\u04C0"], // Cyrillic palochka (capital)
];

function disguise(secret: string, latin: string, fake: string): string {
  return secret.split(latin).join(fake);
}

for (const [latin, fake] of UNMAPPED) {
  const name = `U+${fake.codePointAt(0)!.toString(16)} for "${latin}"`;
  const secrets = [loaded, patterned].filter((secret) => secret.includes(latin));
  Deno.test(`review: ${name} inside a key is blocked and redacted`, async () => {
    await using workspace = await tempWorkspace();
    await using fake_ = await startOpenAIChatFake({ apiKey: providerKey, flavor: "openai" });
    for (const secret of secrets) {
      const hidden = disguise(secret, latin, fake);
      const asked = await runInProcess([
        "ask",
        "--provider",
        "openai",
        "--base-url",
        fake_.baseURL,
        "--on-secret",
        "block",
        `check ${hidden}`,
      ], { ...workspace, env });
      assert.equal(asked.code, 3, `${name}: the request was sent: ${asked.stderr}`);
      const redacted = await runInProcess(["redact"], { ...workspace, env, stdin: `${hidden}\n` });
      assert.ok(!redacted.stdout.includes(hidden), `${name}: omn redact printed it`);
    }
  });
}

/** Confusables of `[A-Za-z0-9_-]` from other scripts, each with the ASCII character it passes for. */
const CONFUSABLES: [string, string][] = [
  // Cyrillic
  ["\u0430", "a"],
  ["\u0431", "6"],
  ["\u0432", "B"],
  ["\u0433", "r"],
  ["\u0435", "e"],
  ["\u0437", "3"],
  ["\u043A", "k"],
  ["\u043D", "H"],
  ["\u043E", "o"],
  ["\u0440", "p"],
  ["\u0441", "c"],
  ["\u0443", "y"],
  ["\u0445", "x"],
  ["\u044C", "b"],
  ["\u0455", "s"],
  ["\u0456", "i"],
  ["\u0458", "j"],
  ["\u0475", "v"],
  ["\u04AF", "y"],
  ["\u04BB", "h"],
  ["\u04CF", "l"],
  ["\u0501", "d"],
  ["\u051B", "q"],
  ["\u051D", "w"],
  ["\u0405", "S"],
  ["\u0406", "I"],
  ["\u0408", "J"],
  ["\u0410", "A"],
  ["\u0412", "B"],
  ["\u0415", "E"],
  ["\u0417", "3"],
  ["\u041A", "K"],
  ["\u041C", "M"],
  ["\u041D", "H"],
  ["\u041E", "O"],
  ["\u0420", "P"],
  ["\u0421", "C"],
  ["\u0422", "T"],
  ["\u0425", "X"],
  ["\u042C", "b"],
  ["\u0474", "V"],
  ["\u04AE", "Y"],
  ["\u04BA", "h"],
  ["\u04C0", "l"],
  ["\u04E0", "3"],
  ["\u0500", "D"],
  ["\u050C", "G"],
  ["\u051A", "Q"],
  ["\u051C", "W"],
  // Greek
  ["\u0391", "A"],
  ["\u0392", "B"],
  ["\u0395", "E"],
  ["\u0396", "Z"],
  ["\u0397", "H"],
  ["\u0399", "I"],
  ["\u039A", "K"],
  ["\u039C", "M"],
  ["\u039D", "N"],
  ["\u039F", "O"],
  ["\u03A1", "P"],
  ["\u03A4", "T"],
  ["\u03A5", "Y"],
  ["\u03A7", "X"],
  ["\u037F", "J"],
  ["\u03DC", "F"],
  ["\u03F9", "C"],
  ["\u03B1", "a"],
  ["\u03B3", "y"],
  ["\u03B7", "n"],
  ["\u03B9", "i"],
  ["\u03BA", "k"],
  ["\u03BD", "v"],
  ["\u03BF", "o"],
  ["\u03C1", "p"],
  ["\u03C5", "u"],
  ["\u03C7", "x"],
  ["\u03C9", "w"],
  ["\u03F2", "c"],
  ["\u03F3", "j"],
  // Armenian
  ["\u0555", "O"],
  ["\u054D", "U"],
  ["\u054F", "S"],
  ["\u0566", "q"],
  ["\u0570", "h"],
  ["\u0575", "j"],
  ["\u0578", "n"],
  ["\u057D", "u"],
  ["\u0581", "g"],
  ["\u0585", "o"],
  // Cherokee
  ["\u13A0", "D"],
  ["\u13A1", "R"],
  ["\u13A2", "T"],
  ["\u13A5", "i"],
  ["\u13A9", "Y"],
  ["\u13AA", "A"],
  ["\u13AB", "J"],
  ["\u13AC", "E"],
  ["\u13B3", "W"],
  ["\u13B7", "M"],
  ["\u13BB", "H"],
  ["\u13C0", "G"],
  ["\u13C3", "Z"],
  ["\u13CF", "b"],
  ["\u13D9", "V"],
  ["\u13DA", "S"],
  ["\u13DE", "L"],
  ["\u13DF", "C"],
  ["\u13E2", "P"],
  ["\u13E6", "K"],
  ["\u13F4", "B"],
  // Latin extensions and dashes
  ["\u0131", "i"],
  ["\u0196", "l"],
  ["\u01BC", "5"],
  ["\u01C0", "l"],
  ["\u0251", "a"],
  ["\u0261", "g"],
  ["\u0269", "i"],
  ["\u02CD", "_"],
  ["\u02D7", "-"],
  ["\u2010", "-"],
  ["\u2011", "-"],
  ["\u2012", "-"],
  ["\u2013", "-"],
  ["\u2014", "-"],
  ["\u2015", "-"],
  ["\u2043", "-"],
  ["\u2212", "-"],
  ["\u2796", "-"],
  ["\u30FC", "-"],
  ["\uFE58", "-"],
  ["\uFE63", "-"],
  ["\uFE4D", "_"],
  ["\uFE33", "_"],
  // Mathematical alphanumerics and fullwidth forms fold through NFKC
  ["\u{1D5BA}", "a"],
  ["\u{1D7E2}", "0"],
  ["\uFF3F", "_"],
  ["\uFF0D", "-"],
]; // deno-fmt-ignore

Deno.test("look-alikes: every confusable of [A-Za-z0-9_-] is read as the ASCII character", () => {
  for (const [fake, latin] of CONFUSABLES) {
    const name = `U+${fake.codePointAt(0)!.toString(16)}`;
    assert.ok(needsNormalizing(`a${fake}b`), `${name} takes the fast path`);
    assert.equal(normalizeForMatching(`a${fake}b`).text, `a${latin}b`, name);
  }
});

Deno.test("look-alikes: each confusable inside a known key is masked, whole span", () => {
  const secret = mistralKey("LOOK");
  try {
    registerSecret(secret);
    for (const [fake, latin] of CONFUSABLES) {
      const index = secret.indexOf(latin);
      if (index < 0) continue;
      const hidden = secret.slice(0, index) + fake + secret.slice(index + 1);
      const output = redact(`<${hidden}>`);
      assert.ok(!output.includes(hidden.slice(0, 12)), `U+${fake.codePointAt(0)!.toString(16)}`);
      assert.ok(output.startsWith("<") && output.endsWith(">"), output);
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("look-alikes: legitimate Russian, Greek and Armenian text is left as it is", () => {
  const secret = mistralKey("TEXT");
  try {
    registerSecret(secret);
    for (
      const text of [
        "Привет! Как дела? Ключ API хранится в переменной окружения.",
        "Καλημέρα κόσμε — η απάντηση είναι 42.",
        "Բարեւ Ձեզ, ինչպես եք",
        "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ – 2010–2020",
      ]
    ) {
      assert.equal(redact(text), text);
    }
  } finally {
    clearKnownSecrets();
  }
});
