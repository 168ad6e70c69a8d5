/**
 * Review, end to end in process: `omn ask` against a local OpenAI fake
 * refuses (exit 3, no request) a wrapped key in the disguises the review
 * found missed (spaces before the break, Notepad's `\r\r\n`, a zero-width
 * space in a piece, a `--schema` string), and an attachment holding a key in
 * UTF-16, under `block` and `redact`.
 */
import assert from "node:assert/strict";
import { anthropicKey, mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";

const providerKey = openaiProjectKey("RVWE");
const loaded = mistralKey("RVWE");
const patterned = anthropicKey("RVWE");
const env = { OPENAI_API_KEY: providerKey, MISTRAL_API_KEY: loaded };

const wrapped = (secret: string, at: number): Record<string, string> => ({
  "spaces before the break": `${secret.slice(0, at)}   \n${secret.slice(at)}`,
  "Notepad's soft break": `${secret.slice(0, at)}\r\r\n${secret.slice(at)}`,
  "zero-width space in a piece": `${secret.slice(0, 3)}\u200b${secret.slice(3, at)}\n${
    secret.slice(at)
  }`,
});

function utf16le(text: string): number[] {
  return [...text].flatMap((character) => [character.charCodeAt(0), 0]);
}

Deno.test("review: ask refuses a disguised wrapped key in the prompt, --schema and an attachment", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({ apiKey: providerKey, flavor: "openai" });
  const cases: { name: string; args: string[]; stdin?: Uint8Array; piece: string }[] = [];
  for (const secret of [loaded, patterned]) {
    for (const [name, text] of Object.entries(wrapped(secret, 12))) {
      cases.push({ name, args: [`key:\n${text}\nwhy?`], piece: secret.slice(12) });
    }
    const schema = JSON.stringify({
      type: "object",
      description: `use ${secret.slice(0, 12)}\n${secret.slice(12)}`,
    });
    cases.push({ name: "--schema", args: ["--schema", schema, "fill"], piece: secret.slice(12) });
    const png = new Uint8Array([
      ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x20],
      ...utf16le(`Comment ${secret}`),
      0,
      0xff,
    ]);
    cases.push({
      name: "UTF-16 attachment",
      args: ["--attach-type", "image/png", "describe"],
      stdin: png,
      piece: secret.slice(12),
    });
  }
  for (const { name, args, stdin, piece } of cases) {
    for (const policy of ["block", "redact"]) {
      const asked = await runInProcess(
        ["ask", "--provider", "openai", "--base-url", fake.baseURL, "--on-secret", policy, ...args],
        { ...workspace, env, ...(stdin ? { stdin } : {}) },
      );
      assert.equal(asked.code, 3, `${name}, ${policy}: ${asked.stderr}`);
      assert.equal(fake.requests.length, 0, `${name}, ${policy}: the request was sent`);
      for (const output of [asked.stdout, asked.stderr]) {
        assert.ok(!output.includes(piece), `${name}, ${policy}: a piece of the key was shown`);
      }
    }
  }
});
