import assert from "node:assert/strict";
import {
  codeBlocks,
  extractCodeBlock,
  FirstBlockStream,
} from "../../src/ask/extract_code_block.ts";

const FENCE = "```";
const TWO_BLOCKS =
  `Here:\n\n${FENCE}sh\necho one\n${FENCE}\n\nThen:\n\n${FENCE}python\nprint(2)\n${FENCE}\n`;

Deno.test("the first and the last fenced block, without fences or info string", () => {
  assert.equal(extractCodeBlock(TWO_BLOCKS, "first"), "echo one\n");
  assert.equal(extractCodeBlock(TWO_BLOCKS, "last"), "print(2)\n");
});

Deno.test("no fenced block, an inline triple backtick, and an unclosed block give none", () => {
  assert.equal(extractCodeBlock("just prose", "first"), undefined);
  assert.equal(extractCodeBlock(`use ${FENCE}sh${FENCE} inline`, "first"), undefined);
  assert.equal(extractCodeBlock(`a\n${FENCE}sh\necho half`, "first"), undefined);
  assert.equal(extractCodeBlock(`a\n${FENCE}sh\necho half\n`, "last"), undefined);
  // A fence indented by four spaces is an indented code line, not a fence.
  assert.equal(extractCodeBlock(`    ${FENCE}\n    x\n    ${FENCE}\n`, "first"), undefined);
});

Deno.test("tildes, longer fences, a closing fence without a line break, CRLF", () => {
  assert.equal(extractCodeBlock("~~~\na\n~~~", "first"), "a\n");
  // A shorter or different fence inside does not close the block.
  assert.equal(
    extractCodeBlock(`${FENCE}\`md\n${FENCE}js\nx\n${FENCE}\n~~~\n${FENCE}\`\n`, "first"),
    `${FENCE}js\nx\n${FENCE}\n~~~\n`,
  );
  assert.equal(extractCodeBlock(`${FENCE}\r\nline\r\n${FENCE}\r\n`, "first"), "line\r\n");
  assert.equal(extractCodeBlock(`${FENCE}\n${FENCE}\n`, "first"), "");
});

Deno.test("an indented fence removes its indentation from the content, no more", () => {
  assert.deepEqual(codeBlocks(`  ${FENCE}\n    two\n one\nzero\n  ${FENCE}\n`), [
    "  two\none\nzero\n",
  ]);
});

const SAMPLES = [
  TWO_BLOCKS,
  `no block at all\n`,
  `${FENCE}\nfirst line\n  ${FENCE}  \nafter\n`,
  `  ${FENCE}js\n   deep\n  ${FENCE}\n`,
  `~~~~\n~~~\n${FENCE}\n~~~~~\n`,
  `${FENCE}\r\ncrlf\r\n${FENCE}\r\n`,
  `text ${FENCE} not a fence\n${FENCE}\n\`\`x\n\`\`\n${FENCE}`,
  `${FENCE}\nunclosed\n`,
];

function streamed(pieces: string[]): string {
  const stream = new FirstBlockStream();
  return pieces.map((piece) => stream.push(piece)).join("");
}

Deno.test("streaming gives the first block's content however the reply is split", () => {
  for (const sample of SAMPLES) {
    const expected = extractCodeBlock(sample, "first");
    if (expected === undefined && !sample.includes("unclosed")) {
      assert.equal(streamed([sample]), "", sample);
      continue;
    }
    const whole = expected ?? "unclosed\n";
    assert.equal(streamed([...sample]), whole, `one character at a time: ${sample}`);
    for (let cut = 0; cut <= sample.length; cut++) {
      for (const second of [cut, Math.min(sample.length, cut + 3)]) {
        const pieces = [sample.slice(0, cut), sample.slice(cut, second), sample.slice(second)];
        assert.equal(streamed(pieces), whole, `split at ${cut}/${second}: ${sample}`);
      }
    }
  }
});

Deno.test("streaming holds back only text before the block and an undecided line", () => {
  const stream = new FirstBlockStream();
  assert.equal(stream.push("Here is the command:\n"), "");
  assert.equal(stream.push(`${FENCE}sh\n`), "");
  assert.equal(stream.push("ec"), "ec", "a line that cannot be a fence is printed at once");
  assert.equal(stream.push("ho hi\n``"), "ho hi\n", "a line that may close the block waits");
  assert.equal(stream.push("`\nignored after the block\n"), "");
  const fenceLike = new FirstBlockStream();
  fenceLike.push(`${FENCE}\n`);
  assert.equal(fenceLike.push("``"), "");
  assert.equal(fenceLike.push("` and more\n"), "``` and more\n");
});
