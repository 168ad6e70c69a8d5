import assert from "node:assert/strict";
import { configPaths } from "../../src/config/paths.ts";
import { findKeyTraces } from "../../src/credentials/find_key_traces.ts";
import { anthropicKey, openaiProjectKey } from "./_canaries.ts";

Deno.test("traces are counted in omn's own files, never in the config or its backups", async () => {
  const home = await Deno.makeTempDir({ prefix: "omn-traces-" });
  try {
    const key = openaiProjectKey("TRACE");
    const other = anthropicKey("TRACE");
    const paths = configPaths((name) => name === "OMNIMANCER_HOME" ? home : undefined);
    await Deno.mkdir(`${home}/conversations`, { recursive: true });
    await Deno.mkdir(`${home}/backups`);
    await Deno.writeTextFile(paths.file, JSON.stringify({ key }));
    await Deno.writeTextFile(`${home}/backups/config-20260101T000000.000Z-00000000.json`, key);
    await Deno.writeTextFile(`${home}/conversations/a.json`, JSON.stringify([key, key]));
    await Deno.writeTextFile(`${home}/chat_history.jsonl`, JSON.stringify(`pasted ${key}`) + "\n");
    await Deno.writeTextFile(`${home}/omn.log`, `header ${btoa(key)}\n`);
    await Deno.writeTextFile(`${home}/audit.jsonl`, `{"masked":"sk-proj-***"}\n`);
    await Deno.writeTextFile(`${home}/usage.jsonl`, `${other}\n`);
    // A temporary file an interrupted write left behind (kill -9 or a power cut during its
    // fsync) is a copy of the config that no revocation rewrites: it must be named.
    await Deno.writeTextFile(`${home}/.config.json.0123456789abcdef.tmp`, JSON.stringify({ key }));
    await Deno.writeTextFile(`${home}/config.lock`, "4242\n");
    const found = await findKeyTraces(paths, [key]);
    assert.deepEqual(found.traces, [
      { file: ".config.json.0123456789abcdef.tmp", count: 1 },
      { file: "chat_history.jsonl", count: 1 },
      { file: "conversations/a.json", count: 2 },
      { file: "omn.log", count: 1 },
    ]);
    assert.equal(found.searched, 6);
    assert.deepEqual(found.skipped, []);
    const report = JSON.stringify(found);
    assert.ok(!report.includes(key.slice(0, 24)));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a config directory that does not exist has no traces", async () => {
  // A fresh path: a fixed one such as /nonexistent/omn can exist (root may create it).
  const root = await Deno.makeTempDir();
  const paths = configPaths((name) => name === "OMNIMANCER_HOME" ? `${root}/missing` : undefined);
  assert.deepEqual(await findKeyTraces(paths, ["x".repeat(20)]), {
    traces: [],
    searched: 0,
    skipped: [],
  });
  await Deno.remove(root);
});
