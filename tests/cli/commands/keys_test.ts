import assert from "node:assert/strict";
import { keysCommand } from "../../../src/cli/commands/keys.ts";
import type { KeysRequest } from "../../../src/keys/run_keys.ts";
import { memoryContext } from "../_memory_io.ts";
import { UsageError } from "../../../src/core/errors.ts";
import { openaiProjectKey } from "../../credentials/_canaries.ts";

async function parse(argv: string[]): Promise<KeysRequest> {
  let parsed: KeysRequest | undefined;
  const command = keysCommand(memoryContext(), (request) => {
    parsed = request;
    return Promise.resolve();
  }).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync(argv, { from: "user" });
  assert.ok(parsed, "the action ran");
  return parsed;
}

Deno.test("keys set: --ref may be repeated and is kept in order", async () => {
  assert.deepEqual(await parse(["set", "openai"]), {
    verb: "set",
    provider: "openai",
    stdin: false,
    refs: undefined,
  });
  assert.deepEqual(
    await parse(["set", "bedrock", "--ref", "aws-sm://id", "--ref", "aws-sm://secret"]),
    { verb: "set", provider: "bedrock", stdin: false, refs: ["aws-sm://id", "aws-sm://secret"] },
  );
});

Deno.test("keys set and rotate: --encrypt and --no-encrypt, absent when neither is given", async () => {
  assert.equal(
    (await parse(["set", "openai", "--stdin", "--encrypt"]) as { encrypt?: boolean }).encrypt,
    true,
  );
  assert.equal(
    (await parse(["set", "openai", "--no-encrypt"]) as { encrypt?: boolean }).encrypt,
    false,
  );
  assert.equal("encrypt" in await parse(["rotate", "openai"]), false);
  assert.deepEqual(await parse(["rotate", "openai", "--stdin", "--encrypt"]), {
    verb: "rotate",
    provider: "openai",
    stdin: true,
    encrypt: true,
  });
});

Deno.test("keys encrypt, decrypt and revoke", async () => {
  assert.deepEqual(await parse(["encrypt"]), { verb: "encrypt" });
  assert.deepEqual(await parse(["decrypt"]), { verb: "decrypt" });
  assert.deepEqual(await parse(["revoke", "openai"]), {
    verb: "revoke",
    provider: "openai",
    json: false,
  });
  assert.deepEqual(await parse(["revoke", "claude", "--json"]), {
    verb: "revoke",
    provider: "claude",
    json: true,
  });
});

Deno.test("keys set and rotate: a key given as an argument is refused with the forms that work, never echoed", async () => {
  const key = openaiProjectKey("ARGV");
  for (const verb of ["set", "rotate"]) {
    for (const argv of [[verb, "openai", key], [verb, "openai", "--stdin", key]]) {
      const error = await parse(argv).then(() => undefined, (error: unknown) => error);
      assert.ok(error instanceof UsageError, argv.slice(0, 2).join(" "));
      assert.ok(!error.message.includes(key) && !error.message.includes("CANARY"));
      assert.match(error.message, /^Cannot take a key as an argument/);
      assert.ok(error.message.includes(`printf %s "$KEY" | omn keys ${verb} openai --stdin`));
    }
  }
});
