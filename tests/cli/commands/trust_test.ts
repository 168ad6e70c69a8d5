import assert from "node:assert/strict";
import { trustCommand, untrustCommand } from "../../../src/cli/commands/trust.ts";
import type { TrustRequest } from "../../../src/trust/run_trust.ts";
import { memoryContext } from "../_memory_io.ts";

async function parse(
  declare: typeof trustCommand | typeof untrustCommand,
  argv: string[],
): Promise<TrustRequest> {
  let parsed: TrustRequest | undefined;
  const command = declare(memoryContext(), (request) => {
    parsed = request;
    return Promise.resolve();
  }).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync(argv, { from: "user" });
  assert.ok(parsed, "the action ran");
  return parsed;
}

Deno.test("trust: the working directory by default, a DIR, or --list; untrust likewise", async () => {
  assert.deepEqual(await parse(trustCommand, []), { verb: "trust", json: false });
  assert.deepEqual(await parse(trustCommand, ["../app", "--json"]), {
    verb: "trust",
    dir: "../app",
    json: true,
  });
  assert.deepEqual(await parse(trustCommand, ["--list"]), { verb: "list", json: false });
  assert.deepEqual(await parse(trustCommand, ["--list", "--json"]), { verb: "list", json: true });
  assert.deepEqual(await parse(untrustCommand, []), { verb: "untrust", json: false });
  assert.deepEqual(await parse(untrustCommand, ["/srv/app"]), {
    verb: "untrust",
    dir: "/srv/app",
    json: false,
  });
});
