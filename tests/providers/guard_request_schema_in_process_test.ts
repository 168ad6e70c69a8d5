/**
 * End to end in process: `omn ask --schema` against a local OpenAI fake,
 * with a key cut inside a schema string by a break that the schema's JSON
 * text writes as an escape of no line break (VT, FF, a backslash-continued
 * line, a blank line holding a tab). `block` refuses (exit 3, no request,
 * naming `--schema`); `redact` sends the schema with no 12 characters of the
 * key; `allow` sends it with a warning.
 */
import assert from "node:assert/strict";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";

const providerKey = openaiProjectKey("SCHEMAPROC");
const secret = anthropicKey("SCHEMAPROC");
const env = { OPENAI_API_KEY: providerKey };
const pieces = Array.from(
  { length: secret.length - 11 },
  (_, from) => secret.slice(from, from + 12),
);

/** The schema with `secret` cut at `at` by `breakText`, in a property's description. */
function schemaArgument(at: number, breakText: string): string {
  return JSON.stringify({
    type: "object",
    properties: {
      answer: {
        type: "string",
        description: `use ${secret.slice(0, at)}${breakText}${secret.slice(at)} here`,
      },
    },
  });
}

Deno.test("ask --schema with a key cut by VT, FF, a continued line or a tab-holding blank line: block refuses, redact sends no piece, allow warns", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({
    apiKey: providerKey,
    flavor: "openai",
    reply: JSON.stringify({ answer: "done" }),
  });
  const ask = (policy: string, schema: string) =>
    runInProcess(
      [
        "ask",
        "--provider",
        "openai",
        "--base-url",
        fake.baseURL,
        "--on-secret",
        policy,
        "--schema",
        schema,
        "fill",
      ],
      { ...workspace, env },
    );
  let redactSent = 0;
  // Block and allow act on what the guard found, which redact shows at every cut (it sends no
  // piece of 12, and finding nothing it would send the key whole): they take one cut of each
  // break, early and late in turn.
  for (const [breakIndex, breakText] of ["\v", "\f\f", "\\\n", "\n\t\n"].entries()) {
    // Cut early (no piece is a key alone) and late (the first piece is one).
    for (const [atIndex, at] of [12, 60].entries()) {
      const where = `${JSON.stringify(breakText)} at ${at}`;
      const schema = schemaArgument(at, breakText);
      const blockAndAllow = (breakIndex + atIndex) % 2 === 0;
      if (blockAndAllow) {
        const blocked = await ask("block", schema);
        assert.equal(blocked.code, 3, `${where}: ${blocked.stderr}`);
        assert.match(blocked.stderr, /--schema/, where);
        assert.equal(fake.requests.length, 0, `${where}: block sent the request`);
      }

      const redacted = await ask("redact", schema);
      const sent = fake.requests.splice(0).map((request) => request.bodyText).join("\n");
      if (redacted.code === 0) {
        assert.match(redacted.stderr, /--schema/, where);
        redactSent++;
      } else assert.equal(redacted.code, 3, `${where}: ${redacted.stderr}`);
      for (const output of [sent, redacted.stdout, redacted.stderr]) {
        assert.ok(!pieces.some((piece) => output.includes(piece)), `${where}: redact leaked`);
      }

      if (blockAndAllow) {
        const allowed = await ask("allow", schema);
        assert.equal(allowed.code, 0, `${where}: ${allowed.stderr}`);
        assert.match(allowed.stderr, /--schema/, where);
        assert.equal(fake.requests.splice(0).length, 1, `${where}: allow did not send`);
      }
    }
  }
  // A key whose first piece is a key alone is masked, not refused.
  assert.ok(redactSent > 0, "redact refused every request");
});
