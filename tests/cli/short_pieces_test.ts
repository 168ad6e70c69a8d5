import assert from "node:assert/strict";
import { SHORT_PIECE_LENGTH, shortPieces } from "../../src/cli/short_pieces.ts";
import { SHORT_TEXT_LENGTH } from "../../src/security/_short_text_rules.ts";
import { IncrementalRedactor } from "../../src/security/incremental_redactor.ts";
import { redact } from "../../src/security/redact.ts";

Deno.test("a piece is short enough for the redactor's short-text scan", () => {
  assert.ok(SHORT_PIECE_LENGTH < SHORT_TEXT_LENGTH);
});

Deno.test("pieces are cut after line ends, each at most the limit, and join to the text", () => {
  assert.deepEqual(shortPieces("ab\ncd\nef\n", 6), ["ab\ncd\n", "ef\n"]);
  assert.deepEqual(shortPieces("ab\ncd\nef", 6), ["ab\ncd\n", "ef"]);
  assert.deepEqual(shortPieces("short", 6), ["short"]);
  assert.deepEqual(shortPieces("", 6), [""]);
  // A line longer than the limit is a piece of its own, whole.
  assert.deepEqual(shortPieces("ab\nlonger line\ncd\n", 6), ["ab\n", "longer line\n", "cd\n"]);
  assert.deepEqual(shortPieces("a very long last line", 6), ["a very long last line"]);
  const help = Array.from(
    { length: 200 },
    (_, index) => `  --option-${index} <value>  what it does\n`,
  )
    .join("");
  const pieces = shortPieces(help);
  assert.ok(pieces.length > 1);
  assert.equal(pieces.join(""), help);
  for (const piece of pieces) {
    assert.ok(piece.length <= SHORT_PIECE_LENGTH && piece.endsWith("\n"), piece);
  }
});

const CANARY_KEY = `sk-proj-${"C4n4ryPieceKey".repeat(4)}`;
const PEM = [
  "-----BEGIN PRIVATE KEY-----",
  ...Array.from(
    { length: 30 },
    () => "Q0FOQVJZUElFQ0VTUEVNQ0FOQVJZUElFQ0VTUEVNQ0FOQVJZUElFQ0VTUEVN",
  ),
  "-----END PRIVATE KEY-----",
].join("\n");

Deno.test("the redactor masks the pieces as it masks the text whole, secrets at every cut", () => {
  const filler = Array.from({ length: 40 }, (_, index) => `line ${index} of the help text\n`);
  for (let at = 0; at <= filler.length; at += 3) {
    const text = [
      ...filler.slice(0, at),
      `token = ${CANARY_KEY}\n`,
      `"private_key": "${PEM.replaceAll("\n", "\\n")}"\n`,
      `${PEM}\n`,
      ...filler.slice(at),
    ].join("");
    const redactor = new IncrementalRedactor();
    const pieces = shortPieces(text, 200);
    const out = pieces.map((piece) => redactor.push(piece)).join("") + redactor.finish();
    assert.equal(out, redact(text), `secrets after line ${at}`);
    assert.ok(!out.includes(CANARY_KEY.slice(8)), out);
    assert.ok(!out.includes("Q0FOQVJZUElFQ0VTUEVN"), out);
  }
});
