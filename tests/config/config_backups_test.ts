import assert from "node:assert/strict";
import { RefusalError, UsageError } from "../../src/core/errors.ts";
import {
  BACKUP_NAME_PATTERN,
  checkBackupName,
  ConfigBackups,
  type ConfigBackupsOptions,
} from "../../src/config/config_backups.ts";
import { CANARY_KEY, errorLike, modeOf, namesIn, steppingClock, tempConfig } from "./_helpers.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const configBytes = (timeout: number) =>
  encode(`{ "version": 1, "settings": { "timeout_ms": ${timeout} } }`);

/** Backups in a fresh temporary config directory, owned by the current user. */
async function tempBackups(options: Partial<ConfigBackupsOptions> = {}) {
  const { root, paths } = await tempConfig();
  const backups = new ConfigBackups(paths.backups, {
    uid: () => Promise.resolve(Deno.uid()),
    ...options,
  });
  return { root, paths, backups };
}

Deno.test("checkBackupName accepts only the names save gives", () => {
  for (const name of ["../config.json", "backups/x.json", "config.json", "config-1.json", ""]) {
    assert.throws(
      () => checkBackupName(name),
      errorLike(UsageError, `Invalid backup name "${name}"`),
    );
  }
  checkBackupName("config-20250102T030405.678Z-9abcdef0.json");
});

Deno.test("save creates a 0700 directory and 0600 backups named by the clock, whatever the umask", async () => {
  const { root, paths, backups } = await tempBackups({ now: steppingClock() });
  const previous = Deno.umask(0o000);
  let name: string;
  try {
    name = await backups.save(configBytes(1000));
  } finally {
    Deno.umask(previous);
  }
  assert.match(name, BACKUP_NAME_PATTERN);
  assert.ok(name.startsWith("config-20250102T030405.678Z-"), name);
  assert.equal(await modeOf(paths.backups), 0o700);
  assert.equal(await modeOf(`${paths.backups}/${name}`), 0o600);
  const [listed] = await backups.list();
  assert.deepEqual(listed.time, new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)));
  assert.equal(listed.size, configBytes(1000).length);
  await Deno.remove(root, { recursive: true });
});

Deno.test("save keeps the newest maxBackups, even when made in the same millisecond", async () => {
  const fixed = new Date(Date.UTC(2025, 0, 1));
  const { root, paths, backups } = await tempBackups({ now: () => fixed, maxBackups: 3 });
  const names: string[] = [];
  for (let index = 0; index < 6; index++) names.push(await backups.save(configBytes(1000 + index)));
  assert.equal(new Set(names).size, 6);
  assert.equal((await namesIn(paths.backups)).length, 3);
  assert.ok((await backups.list()).some((backup) => backup.name === names[5]), "newest kept");
  await Deno.remove(root, { recursive: true });
});

Deno.test("list gives the backups newest first and ignores other files; none without a directory", async () => {
  const { root, paths, backups } = await tempBackups({ now: steppingClock() });
  assert.deepEqual(await backups.list(), []);
  for (let index = 0; index < 3; index++) await backups.save(configBytes(1000 + index));
  await Deno.writeTextFile(`${paths.backups}/notes.json`, "{}");
  await Deno.mkdir(`${paths.backups}/config-20990101T000000.000Z-00000000.json`);
  const listed = await backups.list();
  assert.equal(listed.length, 3);
  const times = listed.map((backup) => backup.time.getTime());
  assert.deepEqual(times, [...times].sort((left, right) => right - left));
  await Deno.remove(root, { recursive: true });
});

Deno.test("load gives a backup's config, refuses a missing, invalid or world-writable one", async () => {
  const { root, paths, backups } = await tempBackups({ now: steppingClock() });
  const name = await backups.save(configBytes(1234));
  assert.deepEqual(await backups.load(name), { version: 1, settings: { timeout_ms: 1234 } });
  await assert.rejects(
    backups.load("config-20990101T000000.000Z-00000000.json"),
    errorLike(
      UsageError,
      `No backup named "config-20990101T000000.000Z-00000000.json" in "${paths.backups}"`,
    ),
  );
  const path = `${paths.backups}/${name}`;
  await Deno.writeTextFile(path, '{ "version": 1, "settings": { "colour": true } }');
  await assert.rejects(backups.load(name), errorLike(RefusalError, "settings.colour: unknown key"));
  await Deno.writeFile(path, new Uint8Array([0x7b, 0xff, 0x7d]));
  await assert.rejects(backups.load(name), errorLike(RefusalError, "it is not UTF-8 text"));
  await Deno.chmod(path, 0o666);
  await assert.rejects(backups.load(name), RefusalError);
  await Deno.remove(root, { recursive: true });
});

Deno.test("load and list refuse a backup reached through a link", async () => {
  const { root, paths, backups } = await tempBackups({ now: steppingClock() });
  const name = await backups.save(configBytes(1));
  const outside = `${root}/outside.json`;
  await Deno.writeTextFile(
    outside,
    `{ "version": 1, "providers": { "openai": { "api_key": "${CANARY_KEY}" } } }`,
    { mode: 0o600 },
  );
  const linked = "config-20990101T000000.000Z-00000000.json";
  await Deno.symlink(outside, `${paths.backups}/${linked}`);
  assert.deepEqual((await backups.list()).map((backup) => backup.name), [name]);
  await assert.rejects(backups.load(linked), (error: Error) => {
    assert.ok(!error.message.includes(CANARY_KEY), error.message);
    return error instanceof RefusalError;
  });
  await Deno.remove(root, { recursive: true });
});

Deno.test("purge rewrites changed backups at 0600, deletes on null, reports or removes unreadable ones", async () => {
  const { root, paths, backups } = await tempBackups({ now: steppingClock() });
  const first = await backups.save(configBytes(1));
  const second = await backups.save(configBytes(2));
  const broken = "config-20000101T000000.000Z-00000000.json";
  await Deno.writeTextFile(`${paths.backups}/${broken}`, "{ oops", { mode: 0o600 });
  const untouched = (await Deno.lstat(`${paths.backups}/${first}`)).mtime;

  const raised = await backups.purge((config, backup) =>
    backup.name === second ? { ...config, settings: { timeout_ms: 20 } } : config
  );
  assert.deepEqual(raised, { rewritten: [second], removed: [], unreadable: [broken] });
  assert.deepEqual(await backups.load(second), { version: 1, settings: { timeout_ms: 20 } });
  assert.equal(await modeOf(`${paths.backups}/${second}`), 0o600);
  assert.deepEqual((await Deno.lstat(`${paths.backups}/${first}`)).mtime, untouched);

  await assert.rejects(
    backups.purge((config) => ({ ...config, settings: { colour: true } } as never)),
    errorLike(RefusalError, "Refusing to save an invalid config to"),
  );
  assert.deepEqual(await backups.load(second), { version: 1, settings: { timeout_ms: 20 } });

  const dropped = await backups.purge((config, backup) => backup.name === first ? null : config, {
    removeUnreadable: true,
  });
  assert.deepEqual(dropped, {
    rewritten: [],
    removed: [first, broken],
    unreadable: [],
  });
  assert.deepEqual(await namesIn(paths.backups), [second]);
  await Deno.remove(root, { recursive: true });
});
