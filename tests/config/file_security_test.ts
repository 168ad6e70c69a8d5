import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import {
  assessPathSecurity,
  checkPrivatePath,
  currentUid,
  type PathFacts,
  probeUid,
} from "../../src/config/file_security.ts";
import { errorLike, namesIn } from "./_helpers.ts";

const FILE = "/home/ada/.omnimancer/config.json";
const DIR = "/home/ada/.omnimancer";

function file(mode: number, uid = 1000): PathFacts {
  return { isFile: true, isDirectory: false, isSymlink: false, mode: 0o100000 | mode, uid };
}

function directory(mode: number, uid = 1000): PathFacts {
  return { isFile: false, isDirectory: true, isSymlink: false, mode: 0o040000 | mode, uid };
}

Deno.test("a private file or directory passes", () => {
  assert.deepEqual(assessPathSecurity(FILE, file(0o600), { kind: "file", uid: 1000 }), {});
  assert.deepEqual(assessPathSecurity(DIR, directory(0o700), { kind: "directory", uid: 1000 }), {});
});

Deno.test("a group- or world-writable file is refused with the chmod that fixes it", () => {
  const cases: [number, string][] = [
    [0o620, "its group"],
    [0o602, "other users"],
    [0o666, "its group and other users"],
  ];
  for (const [mode, whom] of cases) {
    assert.equal(
      assessPathSecurity(FILE, file(mode), { kind: "file", uid: 1000 }).refusal,
      `Refusing to use config file "${FILE}": it is writable by ${whom} ` +
        `(mode 0${mode.toString(8)}): run chmod 600 "${FILE}"`,
    );
  }
});

Deno.test("a group- or world-writable directory is refused with chmod 700", () => {
  assert.equal(
    assessPathSecurity(DIR, directory(0o777), { kind: "directory", uid: 1000 }).refusal,
    `Refusing to use config directory "${DIR}": it is writable by its group and other users ` +
      `(mode 0777): run chmod 700 "${DIR}"`,
  );
});

Deno.test("a path owned by another user is refused with the chown that fixes it", () => {
  assert.equal(
    assessPathSecurity(FILE, file(0o600, 0), { kind: "file", uid: 1000 }).refusal,
    `Refusing to use config file "${FILE}": it is owned by uid 0, not by you (uid 1000): ` +
      `run sudo chown 1000 "${FILE}"`,
  );
  assert.match(
    assessPathSecurity(DIR, directory(0o700, 0), { kind: "directory", uid: 1000 }).refusal!,
    /run sudo chown -R 1000 /,
  );
  // Unknown uid: the owner check is skipped, the mode check is not.
  assert.deepEqual(assessPathSecurity(FILE, file(0o600, 0), { kind: "file", uid: null }), {});
});

Deno.test("a group- or world-readable path is a warning, not a refusal", () => {
  assert.deepEqual(assessPathSecurity(FILE, file(0o644), { kind: "file", uid: 1000 }), {
    warning: `Config file "${FILE}" is readable by its group and other users (mode 0644): ` +
      `run chmod 600 "${FILE}"`,
  });
  assert.match(
    assessPathSecurity(DIR, directory(0o705), { kind: "directory", uid: 1000 }).warning!,
    /^Config directory ".*" is readable by other users \(mode 0705\): run chmod 700/,
  );
});

Deno.test("links and wrong kinds are refused; unknown modes (Windows) pass", () => {
  const link = { ...file(0o777), isFile: false, isSymlink: true };
  assert.match(
    assessPathSecurity(FILE, link, { kind: "file", uid: 1000 }).refusal!,
    /it is a symbolic link/,
  );
  assert.match(
    assessPathSecurity(DIR, file(0o600), { kind: "directory", uid: 1000 }).refusal!,
    /it is not a directory/,
  );
  const windows = { ...file(0), mode: null, uid: null };
  assert.deepEqual(assessPathSecurity(FILE, windows, { kind: "file", uid: null }), {});
});

Deno.test("checkPrivatePath checks a real file's mode and owner", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/config.json`;
  const uid = Deno.uid();
  assert.deepEqual(await checkPrivatePath(path, { kind: "file", uid }), {
    exists: false,
    warnings: [],
  });
  await Deno.writeTextFile(path, "{}");
  await Deno.chmod(path, 0o600);
  assert.deepEqual(await checkPrivatePath(path, { kind: "file", uid }), {
    exists: true,
    warnings: [],
  });
  await Deno.chmod(path, 0o644);
  const { warnings } = await checkPrivatePath(path, { kind: "file", uid });
  assert.match(warnings[0], /is readable by its group and other users \(mode 0644\)/);
  await Deno.chmod(path, 0o666);
  await assert.rejects(
    checkPrivatePath(path, { kind: "file", uid }),
    errorLike(RefusalError, `run chmod 600 "${path}"`),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test({
  name: `checkPrivatePath refuses a file owned by another user (root only: chown)${
    Deno.uid() === 0 ? "" : " (ignored: not root)"
  }`,
  ignore: Deno.uid() !== 0, // only root can give a file away
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const path = `${dir}/config.json`;
    await Deno.writeTextFile(path, "{}", { mode: 0o600 });
    await Deno.chown(path, 4242, 4242);
    await assert.rejects(
      checkPrivatePath(path, { kind: "file", uid: 0 }),
      errorLike(RefusalError, `owned by uid 4242, not by you (uid 0): run sudo chown 0 "${path}"`),
    );
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test("probeUid finds the current uid without --allow-sys and leaves nothing behind", async () => {
  const dir = await Deno.makeTempDir();
  assert.equal(await probeUid(dir), Deno.uid());
  assert.deepEqual(await namesIn(dir), []);
  assert.equal(await probeUid(`${dir}/missing`), null);
  assert.equal(await currentUid(dir), Deno.uid());
  await Deno.remove(dir, { recursive: true });
});

/** Whether this test run can start a process as another user: root, with `setpriv`. */
const CAN_SWITCH_USER = Deno.uid() === 0 && (() => {
  try {
    return Deno.statSync("/usr/bin/setpriv").isFile;
  } catch {
    return false;
  }
})();

/** Reads the config of `home` through the store in a process of uid 4242, without --allow-sys. */
async function readConfigAs4242(root: string, home: string): Promise<string> {
  const script = `${root}/read.ts`;
  const store = new URL("../../src/config/store.ts", import.meta.url).href;
  const paths = new URL("../../src/config/paths.ts", import.meta.url).href;
  await Deno.writeTextFile(
    script,
    `import { ConfigStore } from "${store}";\nimport { configPaths } from "${paths}";\n` +
      `try {\n  const { config } = await new ConfigStore(configPaths(() => ${
        JSON.stringify(home)
      })).read();\n` +
      `  console.log(JSON.stringify(config));\n} catch (error) {\n  console.log(String(error));\n}\n`,
    { mode: 0o644 },
  );
  await Deno.mkdir(`${root}/deno`, { mode: 0o700, recursive: true });
  await Deno.chown(`${root}/deno`, 4242, 4242);
  const output = await new Deno.Command("/usr/bin/setpriv", {
    args: [
      "--reuid=4242",
      "--regid=4242",
      "--clear-groups",
      Deno.execPath(),
      "run",
      "-q",
      "--no-check",
      "--no-prompt",
      `--allow-read`,
      `--allow-write=${home}`,
      script,
    ],
    env: { DENO_DIR: `${root}/deno`, HOME: root },
    clearEnv: true,
  }).output();
  return new TextDecoder().decode(output.stdout).trim();
}

Deno.test({
  name:
    `the store refuses another user's config directory that it cannot write (root only: setpriv)${
      CAN_SWITCH_USER ? "" : " (ignored: not root, or no setpriv)"
    }`,
  ignore: !CAN_SWITCH_USER,
  fn: async () => {
    // Another user's directory that others may read: the uid probe cannot create a file in it,
    // and its config (which could name any endpoint for the user's key) must not be used unchecked.
    const root = await Deno.makeTempDir();
    await Deno.chmod(root, 0o755);
    const home = `${root}/home`;
    await Deno.mkdir(home, { mode: 0o755 });
    await Deno.chmod(home, 0o755);
    await Deno.writeTextFile(`${home}/config.json`, '{ "version": 1 }\n', { mode: 0o644 });
    await Deno.chmod(`${home}/config.json`, 0o644);
    assert.equal(
      await readConfigAs4242(root, home),
      `RefusalError: Refusing to use directory "${home}": it is owned by uid 0, not by you: ` +
        `run sudo chown -R "$(id -u)" "${home}", or set OMNIMANCER_HOME to a directory of your own`,
    );
    // The user's own read-only directory is read, its owner checked.
    await Deno.chown(home, 4242, 4242);
    await Deno.chown(`${home}/config.json`, 4242, 4242);
    await Deno.chmod(`${home}/config.json`, 0o600);
    await Deno.chmod(home, 0o500);
    assert.equal(await readConfigAs4242(root, home), '{"version":1}');
    await Deno.remove(root, { recursive: true });
  },
});
