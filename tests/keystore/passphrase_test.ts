import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import {
  MIN_PASSPHRASE_LENGTH,
  PASSPHRASE_ENV,
  readNewPassphrase,
  readPassphrase,
} from "../../src/keystore/passphrase.ts";
import { clearKnownSecrets, redact } from "../../src/security/redact.ts";
import { memoryContext } from "../cli/_memory_io.ts";

Deno.test("the passphrase comes from OMNIMANCER_PASSPHRASE and is registered as a secret", async () => {
  clearKnownSecrets();
  const passphrase = "a passphrase CANARY 42";
  const context = memoryContext({ env: { [PASSPHRASE_ENV]: passphrase } });
  assert.equal(await readPassphrase(context, { reason: "x" }), passphrase);
  assert.equal(redact(`p=${passphrase}`), "p=***");
  clearKnownSecrets();
});

Deno.test("without the variable or a terminal, the passphrase is refused with exit 3 and the way out", async () => {
  const context = memoryContext();
  const error = await readPassphrase(context, { reason: "The stored openai key is encrypted" })
    .then(() => assert.fail("read"), (error) => error);
  assert.ok(error instanceof RefusalError);
  assert.match(error.message, /^The stored openai key is encrypted: set OMNIMANCER_PASSPHRASE/);
  await assert.rejects(readNewPassphrase(memoryContext()), RefusalError);
});

Deno.test("a new passphrase has at least 12 characters; nothing derives one from the machine", async () => {
  const short = "x".repeat(MIN_PASSPHRASE_LENGTH - 1);
  await assert.rejects(
    readNewPassphrase(memoryContext({ env: { [PASSPHRASE_ENV]: short } })),
    /shorter than 12 characters/,
  );
  const long = "y".repeat(MIN_PASSPHRASE_LENGTH);
  assert.equal(await readNewPassphrase(memoryContext({ env: { [PASSPHRASE_ENV]: long } })), long);
  // HOSTNAME, USER and the like are never a fallback.
  const context = memoryContext({ env: { USER: "alice", HOSTNAME: "box", HOME: "/home/alice" } });
  await assert.rejects(readPassphrase(context, { reason: "r" }), RefusalError);
});
