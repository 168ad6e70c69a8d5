import assert from "node:assert/strict";
import { RefusalError, UsageError } from "../../src/core/errors.ts";
import { setConfigValue, unsetConfigValue } from "../../src/config/schema.ts";
import { type ConfigChange, ConfigStore } from "../../src/config/store.ts";
import {
  CANARY_KEY,
  errorLike,
  modeOf,
  namesIn,
  runWorker,
  steppingClock,
  tempStore,
  workerCommand,
} from "./_helpers.ts";

function setter(key: string, value: string) {
  return (config: Parameters<typeof setConfigValue>[0]) => setConfigValue(config, key, value);
}

function setSecret(provider: string, value: string) {
  return (config: Parameters<typeof setConfigValue>[0]) =>
    setConfigValue(config, `providers.${provider}.api_key`, value, { allowSecrets: true });
}

async function bytesOf(path: string): Promise<string> {
  return new TextDecoder().decode(await Deno.readFile(path));
}

Deno.test("read of a missing config gives the empty config and creates nothing", async () => {
  const { root, paths, store } = await tempStore();
  assert.deepEqual(await store.read(), { config: { version: 1 }, exists: false, warnings: [] });
  assert.deepEqual(await namesIn(root), []);
  await Deno.mkdir(paths.dir, { mode: 0o700 });
  assert.deepEqual(await store.read(), { config: { version: 1 }, exists: false, warnings: [] });
  assert.deepEqual(await store.listBackups(), []);
  await Deno.remove(root, { recursive: true });
});

Deno.test("update creates a 0700 directory and 0600 files, and backs up before changing", async () => {
  const { root, paths, store } = await tempStore({ now: steppingClock() });
  await store.update(setter("settings.color", "false"), { reason: "set settings.color" });
  assert.equal(await modeOf(paths.dir), 0o700);
  assert.equal(await modeOf(paths.file), 0o600);
  assert.equal(await modeOf(paths.lock), 0o600);
  assert.deepEqual(await store.listBackups(), []);

  const written = await store.update(setter("settings.timeout_ms", "5000"), { reason: "set" });
  assert.deepEqual(written, { version: 1, settings: { color: false, timeout_ms: 5000 } });
  const [backup] = await store.listBackups();
  assert.equal(backup.name.startsWith("config-20250102T030405.678Z-"), true);
  assert.deepEqual(backup.time, new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)));
  assert.equal(backup.size, (await Deno.stat(backup.path)).size);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(backup.path)), {
    version: 1,
    settings: { color: false },
  });
  assert.equal(await modeOf(paths.backups), 0o700);
  assert.equal(await modeOf(backup.path), 0o600);
  assert.deepEqual(await store.read(), { config: written, exists: true, warnings: [] });
  assert.deepEqual(await namesIn(paths.dir), ["backups", "config.json", "config.lock"]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("an update that changes nothing writes nothing, except to create the file", async () => {
  const { root, paths, store } = await tempStore();
  await store.update((config) => config, { reason: "init" });
  assert.equal(await Deno.readTextFile(paths.file), '{\n  "version": 1\n}\n');
  await store.update(setter("settings.color", "true"), { reason: "set" });
  assert.equal((await store.listBackups()).length, 1);
  await store.purgeFromBackups(() => null);
  const before = await Deno.stat(paths.file);
  await store.update(setter("settings.color", "true"), { reason: "set again" });
  await store.update((config) => config, { reason: "nothing" });
  assert.deepEqual(await store.listBackups(), []);
  assert.equal((await Deno.stat(paths.file)).ino, before.ino);
  await Deno.remove(root, { recursive: true });
});

Deno.test("a failing or invalid mutation writes nothing", async () => {
  const { root, paths, store } = await tempStore();
  await store.update(setter("settings.color", "true"), { reason: "set" });
  const before = await bytesOf(paths.file);
  await assert.rejects(
    store.update(() => {
      throw new Error("boom");
    }, { reason: "fail" }),
    /boom/,
  );
  await assert.rejects(
    store.update(
      (config) => ({ ...config, settings: { timeout_ms: -1 } }),
      { reason: "set settings.timeout_ms" },
    ),
    errorLike(RefusalError, "(set settings.timeout_ms): settings.timeout_ms: "),
  );
  assert.equal(await bytesOf(paths.file), before);
  assert.deepEqual(await store.listBackups(), []);
  await Deno.remove(root, { recursive: true });
});

Deno.test("a world-readable config is read with a warning and rewritten 0600", async () => {
  const { root, paths, store } = await tempStore();
  await store.update(setter("settings.color", "true"), { reason: "set" });
  await Deno.chmod(paths.file, 0o644);
  const { warnings } = await store.read();
  assert.deepEqual(warnings, [
    `Config file "${paths.file}" is readable by its group and other users (mode 0644): ` +
    `run chmod 600 "${paths.file}"`,
  ]);
  await store.update(setter("settings.color", "false"), { reason: "set" });
  assert.equal(await modeOf(paths.file), 0o600);
  await Deno.remove(root, { recursive: true });
});

Deno.test("a group- or world-writable config file or directory is refused with the fix", async () => {
  const { root, paths, store } = await tempStore();
  await store.update(setter("settings.color", "true"), { reason: "set" });
  const before = await bytesOf(paths.file);

  await Deno.chmod(paths.file, 0o620);
  const fileFix = errorLike(RefusalError, `run chmod 600 "${paths.file}"`);
  await assert.rejects(store.read(), fileFix);
  await assert.rejects(store.update(setter("settings.color", "false"), { reason: "x" }), fileFix);
  await assert.rejects(store.exportConfig(), fileFix);
  assert.equal(await bytesOf(paths.file), before);
  await Deno.chmod(paths.file, 0o600);

  await Deno.chmod(paths.dir, 0o777);
  const directoryFix = errorLike(RefusalError, `run chmod 700 "${paths.dir}"`);
  await assert.rejects(store.read(), directoryFix);
  await assert.rejects(
    store.update(setter("settings.color", "false"), { reason: "x" }),
    directoryFix,
  );
  assert.equal(await bytesOf(paths.file), before);
  await Deno.chmod(paths.dir, 0o700);

  await Deno.remove(root, { recursive: true });
});

Deno.test({
  name: `a config owned by another user is refused with chown (root only: chown)${
    Deno.uid() === 0 ? "" : " (ignored: not root)"
  }`,
  ignore: Deno.uid() !== 0, // only root can give a file away
  fn: async () => {
    const { root, paths, store } = await tempStore();
    await store.update(setter("settings.color", "true"), { reason: "set" });
    await Deno.chown(paths.file, 4242, 4242);
    await assert.rejects(store.read(), errorLike(RefusalError, "owned by uid 4242"));
    await Deno.remove(root, { recursive: true });
  },
});

Deno.test("malformed JSON is reported with line and column and never overwritten", async () => {
  const { root, paths, store } = await tempStore();
  await store.update(setter("settings.color", "true"), { reason: "set" });
  const malformed = '{\n  "version": 1,\n  "settings": { "color": true, }\n}\n';
  await Deno.writeTextFile(paths.file, malformed);
  const expected = errorLike(
    RefusalError,
    `Cannot parse config "${paths.file}": line 3, column 32: expected double-quoted property name ` +
      `(fix the file, or put a backup back: omn config backups restore NAME (omn config backups lists them))`,
  );
  await assert.rejects(store.read(), expected);
  await assert.rejects(
    store.update(setter("settings.color", "false"), { reason: "set" }),
    expected,
  );
  assert.equal(await bytesOf(paths.file), malformed);
  assert.deepEqual(await store.listBackups(), []);
  await Deno.writeFile(paths.file, new Uint8Array([0x7b, 0xff, 0x7d]));
  await assert.rejects(store.read(), errorLike(RefusalError, "it is not UTF-8 text"));
  await Deno.remove(root, { recursive: true });
});

Deno.test("an invalid config is reported with the field and never overwritten", async () => {
  const { root, paths, store } = await tempStore();
  await store.update(setter("settings.color", "true"), { reason: "set" });
  const invalid = '{ "version": 1, "providers": { "openai": { "base_url": "nope" } } }';
  await Deno.writeTextFile(paths.file, invalid);
  const expected = errorLike(
    RefusalError,
    `Invalid config "${paths.file}": providers.openai.base_url: Invalid URL`,
  );
  await assert.rejects(store.read(), expected);
  await assert.rejects(store.update(setter("settings.color", "false"), { reason: "x" }), expected);
  assert.equal(await bytesOf(paths.file), invalid);
  await Deno.remove(root, { recursive: true });
});

Deno.test("backups rotate: the newest 10 are kept", async () => {
  const { root, paths, store } = await tempStore({ now: steppingClock() });
  for (let index = 0; index < 14; index++) {
    await store.update(setter("settings.timeout_ms", String(1000 + index)), { reason: "set" });
  }
  const backups = await store.listBackups();
  assert.equal(backups.length, 10);
  assert.equal((await namesIn(paths.backups)).length, 10);
  // Newest first; the newest backup holds the config before the last update.
  assert.deepEqual(
    backups.map((backup) => backup.time.getTime()),
    [...backups.map((backup) => backup.time.getTime())].sort((left, right) => right - left),
  );
  const timeouts = await Promise.all(
    backups.map(async (backup) =>
      JSON.parse(await Deno.readTextFile(backup.path)).settings.timeout_ms
    ),
  );
  assert.deepEqual(timeouts, [1012, 1011, 1010, 1009, 1008, 1007, 1006, 1005, 1004, 1003]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("backups made in the same millisecond never collide or evict the newest", async () => {
  const fixed = new Date(Date.UTC(2025, 0, 1));
  const { root, store } = await tempStore({ now: () => fixed, maxBackups: 3 });
  for (let index = 0; index < 6; index++) {
    await store.update(setter("settings.timeout_ms", String(1000 + index)), { reason: "set" });
  }
  const backups = await store.listBackups();
  assert.equal(backups.length, 3);
  const timeouts = await Promise.all(
    backups.map(async (backup) =>
      JSON.parse(await Deno.readTextFile(backup.path)).settings.timeout_ms
    ),
  );
  assert.ok(timeouts.includes(1004), `the newest backup was kept: ${timeouts}`);
  await Deno.remove(root, { recursive: true });
});

Deno.test("a write refused part-way leaves the old file intact and no temporary file", async () => {
  const { root, paths, store } = await tempStore();
  await store.update(setter("settings.color", "true"), { reason: "set" });
  const before = await bytesOf(paths.file);
  // The child may create its temporary file but not rename it over config.json.
  const result = await runWorker(paths.dir, ["set-color"], {
    extraFlags: [`--deny-write=${paths.file}`],
  });
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.stderr, /NotCapable: Requires write access to ".*config\.json"/);
  assert.equal(await bytesOf(paths.file), before);
  const leftovers = (await namesIn(paths.dir)).filter((name) => name.endsWith(".tmp"));
  assert.deepEqual(leftovers, []);
  assert.equal((await namesIn(paths.backups)).some((name) => name.endsWith(".tmp")), false);
  await Deno.remove(root, { recursive: true });
});

Deno.test("two processes and this one doing 10 updates each, started together, lose none of the 30", async () => {
  const { root, paths, store } = await tempStore();
  const workers = 2;
  const updates = 10;
  const children = Array.from(
    { length: workers },
    (_, worker) =>
      workerCommand(paths.dir, ["add-providers", `${worker}`, `${updates}`], { stdin: "piped" })
        .spawn(),
  );
  const runs = children.map((child) => {
    const stderr = new Response(child.stderr).text();
    const stdout = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let printed = "";
    const ready = (async () => {
      while (!printed.includes("\n")) {
        const next = await stdout.read();
        if (next.done) break;
        printed += next.value;
      }
      return printed;
    })();
    const result = (async () => {
      await ready;
      for (let next = await stdout.read(); !next.done; next = await stdout.read()) {
        printed += next.value;
      }
      return { code: (await child.status).code, stdout: printed, stderr: await stderr };
    })();
    return { ready, result };
  });
  // A start barrier, not luck: every worker has loaded its code and says `ready` before any
  // starts updating, so the updates of the three processes overlap however slowly each starts.
  const readies = await Promise.all(runs.map((run) => run.ready));
  assert.deepEqual(readies, Array(workers).fill("ready\n"));
  await Promise.all(children.map((child) => child.stdin.close()));
  // This process is the third: its updates start with the children's.
  const own = workers;
  for (let index = 0; index < updates; index++) {
    await store.update(setter(`providers.w${own}-${index}.default_model`, `model-${index}`), {
      reason: "set",
    });
  }
  for (const result of await Promise.all(runs.map((run) => run.result))) {
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "ready\nok\n");
  }
  const { config } = await store.read();
  const ids = Object.keys(config.providers ?? {});
  assert.equal(ids.length, (workers + 1) * updates);
  for (let worker = 0; worker <= workers; worker++) {
    for (let index = 0; index < updates; index++) {
      assert.equal(config.providers?.[`w${worker}-${index}`]?.default_model, `model-${index}`);
    }
  }
  assert.equal((await store.listBackups()).length, 10);
  assert.deepEqual(await namesIn(paths.dir), ["backups", "config.json", "config.lock"]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("the lock excludes other processes and dies with a killed one", async () => {
  // Events, not time: the update says when it finds the lock held, and each of its polls is seen.
  const found = Promise.withResolvers<number | undefined>();
  let polls = 0;
  const polled: (() => void)[] = [];
  const { root, paths, store } = await tempStore({
    lock: {
      onWait: (holder) => found.resolve(holder),
      sleep: async (ms) => {
        polls++;
        polled.splice(0).forEach((resolve) => resolve());
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    },
  });
  await store.update(setter("settings.color", "true"), { reason: "set" });
  const child = workerCommand(paths.dir, ["hold-lock"], { stdout: "piped" }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let printed = "";
  while (!printed.includes("locked")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the child ended before taking the lock");
    printed += value;
  }
  let finished = false;
  const update = store.update(setter("settings.color", "false"), { reason: "set" }).then(
    (config) => {
      finished = true;
      return config;
    },
  );
  assert.equal(await found.promise, child.pid, "the update found the lock held by the child");
  // Three polls later the child still holds the lock, and the update is still waiting.
  while (polls < 3) await new Promise<void>((resolve) => polled.push(resolve));
  assert.equal(finished, false, "the update waited for the lock");
  child.kill("SIGKILL");
  await child.status;
  await reader.cancel();
  await child.stderr.cancel();
  assert.equal((await update).settings?.color, false);
  await Deno.remove(root, { recursive: true });
});

for (const umask of ["000", "022", "277"]) {
  Deno.test(`modes are 0700 and 0600 under umask ${umask}, without --allow-sys`, async () => {
    const { root, paths } = await tempStore();
    // One child under the umask: two updates (the second makes a backup), then a read.
    const result = await runWorker(paths.dir, ["set-color-twice-then-read"], { umask });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).config.settings.color, false);
    assert.equal(await modeOf(paths.dir), 0o700);
    assert.equal(await modeOf(paths.file), 0o600);
    assert.equal(await modeOf(paths.lock), 0o600);
    assert.equal(await modeOf(paths.backups), 0o700);
    const backups = await namesIn(paths.backups);
    assert.equal(backups.length, 1);
    assert.equal(await modeOf(`${paths.backups}/${backups[0]}`), 0o600);
    // The child found its uid with a probe file (no --allow-sys) and left none behind.
    assert.deepEqual(JSON.parse(result.stdout).warnings, []);
    assert.deepEqual(await namesIn(paths.dir), ["backups", "config.json", "config.lock"]);
    await Deno.remove(root, { recursive: true });
  });
}

Deno.test("the child refuses a world-writable directory too", async () => {
  const { root, paths, store } = await tempStore();
  await store.update(setter("settings.color", "true"), { reason: "set" });
  await Deno.chmod(paths.dir, 0o777);
  const result = await runWorker(paths.dir, ["read"]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /RefusalError: .*run chmod 700/);
  await Deno.remove(root, { recursive: true });
});

Deno.test("restoreBackup validates names and content before changing anything", async () => {
  const { root, paths, store } = await tempStore({ now: steppingClock() });
  await store.update(setter("settings.color", "true"), { reason: "set" });
  await store.update(setter("settings.color", "false"), { reason: "set" });
  for (const name of ["../config.json", "backups/x.json", "config.json", "config-1.json", ""]) {
    await assert.rejects(store.restoreBackup(name), errorLike(UsageError, "Invalid backup name"));
  }
  await assert.rejects(
    store.restoreBackup("config-20990101T000000.000Z-00000000.json"),
    errorLike(UsageError, "No backup named"),
  );
  const [backup] = await store.listBackups();
  await Deno.writeTextFile(backup.path, '{ "version": 1, "settings": { "colour": true } }');
  const before = await bytesOf(paths.file);
  await assert.rejects(
    store.restoreBackup(backup.name),
    errorLike(RefusalError, `Invalid config "${backup.path}": settings.colour: unknown key`),
  );
  assert.equal(await bytesOf(paths.file), before);
  assert.equal((await store.listBackups()).length, 1);
  await Deno.remove(root, { recursive: true });
});

Deno.test("restoreBackup backs up the current config first, even a malformed one", async () => {
  const changes: ConfigChange[] = [];
  const { root, paths, store } = await tempStore({
    now: steppingClock(),
    onChange: (change) => void changes.push(change),
  });
  await store.update(setter("settings.color", "true"), { reason: "set color" });
  await store.update(setter("settings.timeout_ms", "7000"), { reason: "set timeout" });
  const [backup] = await store.listBackups();
  assert.deepEqual(await store.restoreBackup(backup.name), {
    version: 1,
    settings: { color: true },
  });
  assert.deepEqual((await store.read()).config, { version: 1, settings: { color: true } });
  const [newest] = await store.listBackups();
  assert.deepEqual(JSON.parse(await Deno.readTextFile(newest.path)), {
    version: 1,
    settings: { color: true, timeout_ms: 7000 },
  });
  assert.equal(await modeOf(paths.file), 0o600);

  const malformed = '{ "version": 1, ';
  await Deno.writeTextFile(paths.file, malformed);
  await store.restoreBackup(newest.name);
  assert.deepEqual((await store.read()).config.settings, { color: true, timeout_ms: 7000 });
  const [keptMalformed] = await store.listBackups();
  assert.equal(await bytesOf(keptMalformed.path), malformed);
  assert.deepEqual(changes.map((change) => [change.operation, change.backup !== undefined]), [
    ["update", false],
    ["update", true],
    ["restore", true],
    ["restore", true],
  ]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("importConfig validates, then backs up the current config, then writes", async () => {
  const { root, paths, store } = await tempStore({ now: steppingClock() });
  await store.update(setter("settings.color", "true"), { reason: "set" });
  const before = await bytesOf(paths.file);
  await assert.rejects(
    store.importConfig('{ "version": 1, "providers": { "x": { "region": 5 } } }', "team.json"),
    errorLike(RefusalError, 'Invalid config "team.json": providers.x.region: '),
  );
  await assert.rejects(
    store.importConfig("{ oops", "team.json"),
    errorLike(RefusalError, 'Cannot parse config "team.json": line 1, column 3'),
  );
  assert.equal(await bytesOf(paths.file), before);
  assert.deepEqual(await store.listBackups(), []);

  const imported = await store.importConfig(
    '{ "version": 1, "default_provider": "openai" }',
    "team.json",
  );
  assert.deepEqual(imported, { version: 1, default_provider: "openai" });
  assert.deepEqual((await store.read()).config, imported);
  const [backup] = await store.listBackups();
  assert.equal(await bytesOf(backup.path), before);
  await Deno.remove(root, { recursive: true });
});

Deno.test("exportConfig strips secrets unless includeSecrets", async () => {
  const { root, store } = await tempStore();
  assert.equal(await store.exportConfig(), '{\n  "version": 1\n}\n');
  await store.update(setSecret("openai", CANARY_KEY), { reason: "key set openai" });
  await store.update(setter("providers.openai.default_model", "gpt-5"), { reason: "set" });
  const stripped = await store.exportConfig();
  assert.ok(!stripped.includes("CANARY"), stripped);
  assert.deepEqual(JSON.parse(stripped), {
    version: 1,
    providers: { openai: { default_model: "gpt-5" } },
  });
  const full = await store.exportConfig({ includeSecrets: true });
  assert.ok(full.includes(CANARY_KEY));
  // An export can be imported back.
  const { root: otherRoot, store: other } = await tempStore();
  assert.deepEqual(await other.importConfig(full, "export.json"), JSON.parse(full));
  await Deno.remove(root, { recursive: true });
  await Deno.remove(otherRoot, { recursive: true });
});

Deno.test("purgeFromBackups removes a rotated key from every backup", async () => {
  const { root, paths, store } = await tempStore({ now: steppingClock() });
  await store.update(setSecret("openai", CANARY_KEY), { reason: "key set openai" });
  for (let index = 0; index < 4; index++) {
    await store.update(setter("settings.timeout_ms", String(1000 + index)), { reason: "set" });
  }
  await store.update(setSecret("openai", "sk-proj-rotated"), { reason: "key rotate openai" });
  // A backup that cannot be parsed (a kept copy of a broken file) holding the canary.
  const brokenName = "config-20000101T000000.000Z-00000000.json";
  await Deno.writeTextFile(`${paths.backups}/${brokenName}`, `{ "api_key": "${CANARY_KEY}" `, {
    mode: 0o600,
  });
  const hasCanary = async (path: string) => (await bytesOf(path)).includes(CANARY_KEY);
  const before = await store.listBackups();
  assert.equal(before.length, 6);
  assert.ok((await Promise.all(before.map((backup) => hasCanary(backup.path)))).every(Boolean));

  const purge = (config: Parameters<typeof setConfigValue>[0]) =>
    config.providers?.openai?.api_key === CANARY_KEY
      ? unsetConfigValue(config, "providers.openai.api_key")
      : config;
  const result = await store.purgeFromBackups(purge);
  assert.equal(result.rewritten.length, 5);
  assert.deepEqual(result.unreadable, [brokenName]);
  assert.deepEqual(result.removed, []);
  const again = await store.purgeFromBackups(purge, { removeUnreadable: true });
  assert.deepEqual(again, { rewritten: [], removed: [brokenName], unreadable: [] });

  const after = await store.listBackups();
  assert.equal(after.length, 5);
  for (const backup of after) {
    assert.equal(await hasCanary(backup.path), false, backup.name);
    assert.equal(await modeOf(backup.path), 0o600);
    assert.equal(JSON.parse(await Deno.readTextFile(backup.path)).version, 1);
  }
  assert.ok(!(await namesIn(paths.backups)).some((name) => name.endsWith(".tmp")));
  assert.equal((await store.read()).config.providers?.openai.api_key, "sk-proj-rotated");

  const dropped = await store.purgeFromBackups(() => null);
  assert.equal(dropped.removed.length, 5);
  assert.deepEqual(await store.listBackups(), []);
  await Deno.remove(root, { recursive: true });
});

Deno.test("two stores in one process serialize their updates too", async () => {
  const { root, paths } = await tempStore();
  const stores = [new ConfigStore(paths), new ConfigStore(paths)];
  await Promise.all(
    Array.from(
      { length: 10 },
      (_, index) =>
        stores[index % 2].update(setter(`providers.p${index}.region`, "r"), { reason: "set" }),
    ),
  );
  const { config } = await stores[0].read();
  assert.equal(Object.keys(config.providers ?? {}).length, 10);
  await Deno.remove(root, { recursive: true });
});
