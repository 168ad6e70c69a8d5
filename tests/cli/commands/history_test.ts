import assert from "node:assert/strict";
import { historyCommand } from "../../../src/cli/commands/history.ts";
import type { HistoryRequest } from "../../../src/history/run_history.ts";
import { memoryContext } from "../_memory_io.ts";

async function parse(argv: string[]): Promise<HistoryRequest> {
  let parsed: HistoryRequest | undefined;
  const command = historyCommand(memoryContext(), (request) => {
    parsed = request;
    return Promise.resolve();
  });
  const quiet = (each: typeof command) => {
    each.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    for (const sub of each.commands) quiet(sub as typeof command);
  };
  quiet(command);
  await command.parseAsync(argv, { from: "user" });
  assert.ok(parsed, "the action ran");
  return parsed;
}

Deno.test("history: each verb and its flags", async () => {
  assert.deepEqual(await parse(["list"]), { verb: "list", json: false });
  assert.deepEqual(await parse(["list", "--json"]), { verb: "list", json: true });
  assert.deepEqual(await parse(["show", "abc", "--json"]), { verb: "show", id: "abc", json: true });
  assert.deepEqual(await parse(["rm", "a", "b"]), { verb: "rm", ids: ["a", "b"] });
  assert.deepEqual(await parse(["search", "a b", "--json"]), {
    verb: "search",
    text: "a b",
    json: true,
  });
  assert.deepEqual(await parse(["export"]), { verb: "export", ids: [] });
  assert.deepEqual(await parse(["export", "a"]), { verb: "export", ids: ["a"] });
  assert.deepEqual(await parse(["purge", "--yes"]), { verb: "purge", yes: true, json: false });
});

Deno.test("history: missing arguments are usage errors", async () => {
  await assert.rejects(() => parse(["show"]));
  await assert.rejects(() => parse(["rm"]));
});
