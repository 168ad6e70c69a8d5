import assert from "node:assert/strict";
import { profilesCommand } from "../../../src/cli/commands/profiles.ts";
import type { ProfilesRequest } from "../../../src/profiles/run_profiles.ts";
import { memoryContext } from "../_memory_io.ts";

async function parse(argv: string[]): Promise<ProfilesRequest> {
  let parsed: ProfilesRequest | undefined;
  const command = profilesCommand(memoryContext(), (request) => {
    parsed = request;
    return Promise.resolve();
  }).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync(argv, { from: "user" });
  assert.ok(parsed, "the action ran");
  return parsed;
}

Deno.test("profiles: list is the default verb; add and rm take a name; rm takes --yes", async () => {
  assert.deepEqual(await parse([]), { verb: "list", json: false });
  assert.deepEqual(await parse(["--json"]), { verb: "list", json: true });
  assert.deepEqual(await parse(["list", "--json"]), { verb: "list", json: true });
  assert.deepEqual(await parse(["add", "prod"]), { verb: "add", name: "prod", json: false });
  assert.deepEqual(await parse(["rm", "prod"]), {
    verb: "rm",
    name: "prod",
    yes: false,
    json: false,
  });
  assert.deepEqual(await parse(["rm", "prod", "--yes", "--json"]), {
    verb: "rm",
    name: "prod",
    yes: true,
    json: true,
  });
});
