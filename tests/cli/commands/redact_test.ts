import assert from "node:assert/strict";
import { redactCommand } from "../../../src/cli/commands/redact.ts";
import { UsageError } from "../../../src/core/errors.ts";
import { memoryContext } from "../_memory_io.ts";

async function parse(argv: string[]): Promise<boolean> {
  let ran = false;
  const command = redactCommand(memoryContext(), () => {
    ran = true;
    return Promise.resolve();
  }).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync(argv, { from: "user" });
  return ran;
}

Deno.test("redact reads stdin; a file named as an argument is one usage line showing the < form", async () => {
  assert.equal(await parse([]), true);
  const error = await parse(["app.log"]).then(() => undefined, (error: unknown) => error);
  assert.ok(error instanceof UsageError);
  assert.equal(
    error.message,
    "Cannot redact a file named as an argument: omn redact reads stdin, omn redact < FILE > FILE.redacted",
  );
});
