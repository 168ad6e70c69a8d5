import assert from "node:assert/strict";
import { setConfigValue } from "../../src/config/schema.ts";
import { purgeBackups, removeUnreadableBackupsHolding } from "../../src/keys/purge_backups.ts";
import { CANARY_KEY, namesIn, steppingClock, tempStore } from "../config/_helpers.ts";

/** A backup name the store lists, for a file written by hand. */
function backupName(index: number): string {
  return `config-2000010${index}T000000.000Z-0000000${index}.json`;
}

Deno.test("removeUnreadableBackupsHolding deletes the named backups holding a value, raw or JSON-escaped, and keeps the others", async () => {
  const { root, paths, store } = await tempStore();
  await Deno.mkdir(paths.backups, { recursive: true, mode: 0o700 });
  const quoted = 'sk-"quoted"\\value';
  const files = {
    raw: [backupName(1), `{ "api_key": "${CANARY_KEY}" `],
    escaped: [backupName(2), `{ "api_key": ${JSON.stringify(quoted)} `],
    clean: [backupName(3), `{ "api_key": "sk-proj-other" `],
    unnamed: [backupName(4), `{ "api_key": "${CANARY_KEY}" `],
  };
  for (const [name, text] of Object.values(files)) {
    await Deno.writeTextFile(`${paths.backups}/${name}`, text, { mode: 0o600 });
  }
  const removed = await removeUnreadableBackupsHolding(
    store,
    [files.raw[0], files.escaped[0], files.clean[0], "config-missing.json"],
    new Set([CANARY_KEY, quoted]),
  );
  assert.deepEqual(removed, [files.raw[0], files.escaped[0]]);
  // The clean one stays, and so does one holding the value that was not named.
  assert.deepEqual(await namesIn(paths.backups), [files.clean[0], files.unnamed[0]]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("purgeBackups counts the rewritten backups and the unreadable ones deleted", async () => {
  const { root, paths, store } = await tempStore({ now: steppingClock() });
  const setKey = (value: string) => (config: Parameters<typeof setConfigValue>[0]) =>
    setConfigValue(config, "providers.openai.api_key", value, { allowSecrets: true });
  await store.update(setKey(CANARY_KEY), { reason: "key set openai" });
  await store.update(setKey("sk-proj-rotated"), { reason: "key rotate openai" });
  const broken = backupName(1);
  await Deno.writeTextFile(`${paths.backups}/${broken}`, `{ "api_key": "${CANARY_KEY}" `, {
    mode: 0o600,
  });
  const before = await namesIn(paths.backups);
  assert.ok(before.includes(broken));
  const count = await purgeBackups(store, new Set([CANARY_KEY]));
  const after = await namesIn(paths.backups);
  assert.ok(!after.includes(broken));
  // The backup taken before the rotation (rewritten) and the broken one (deleted).
  assert.equal(count, 2);
  for (const name of after) {
    const text = await Deno.readTextFile(`${paths.backups}/${name}`);
    assert.ok(!text.includes(CANARY_KEY), name);
  }
  await Deno.remove(root, { recursive: true });
});
