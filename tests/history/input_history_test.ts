import assert from "node:assert/strict";
import {
  InputHistory,
  inputHistoryPath,
  MAX_INPUT_HISTORY,
} from "../../src/history/input_history.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

async function tempHome() {
  const root = await Deno.makeTempDir({ prefix: "omn-input-history-" });
  return {
    home: `${root}/home`,
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

Deno.test("InputHistory: lines are redacted, saved 0600 and loaded again", async () => {
  await using temp = await tempHome();
  const canary = openaiProjectKey("INPUT");
  const history = await InputHistory.load(temp.home, { write: true });
  await history.add("first");
  await history.add("first");
  await history.add("   ");
  await history.add(`key ${canary}`);
  await history.add("two\\");
  assert.deepEqual(history.entries, ["first", "key sk-proj-***", "two\\"]);
  const path = inputHistoryPath(temp.home);
  assert.equal((await Deno.lstat(path)).mode! & 0o777, 0o600);
  assert.ok(!(await Deno.readTextFile(path)).includes(canary.slice(0, 24)));
  const again = await InputHistory.load(temp.home, { write: true });
  assert.deepEqual(again.entries, history.entries);
});

Deno.test("InputHistory: with history off nothing is written; at most the last lines are kept", async () => {
  await using temp = await tempHome();
  const history = await InputHistory.load(temp.home, { write: false });
  for (let index = 0; index < MAX_INPUT_HISTORY + 5; index++) await history.add(`line ${index}`);
  assert.equal(history.entries.length, MAX_INPUT_HISTORY);
  assert.equal(history.entries[0], "line 5");
  await assert.rejects(() => Deno.lstat(temp.home), Deno.errors.NotFound);
});

Deno.test("InputHistory: torn lines are skipped; a file others can write is refused", async () => {
  await using temp = await tempHome();
  await Deno.mkdir(temp.home, { mode: 0o700 });
  const path = inputHistoryPath(temp.home);
  await Deno.writeTextFile(path, '"ok"\n{"x":\n"also ok"\n', { mode: 0o600 });
  assert.deepEqual((await InputHistory.load(temp.home, { write: true })).entries, [
    "ok",
    "also ok",
  ]);
  await Deno.chmod(path, 0o666);
  await assert.rejects(() => InputHistory.load(temp.home, { write: true }), /chmod 600/);
});
