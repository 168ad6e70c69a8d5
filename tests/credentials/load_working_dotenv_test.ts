import assert from "node:assert/strict";
import {
  DOTENV_MAX_BYTES,
  loadWorkingDotenv,
  type LoadWorkingDotenvOptions,
} from "../../src/credentials/load_working_dotenv.ts";
import { openaiProjectKey } from "./_canaries.ts";

const posix = Deno.build.os !== "windows";
const isRoot = posix && Deno.uid() === 0;

interface Dirs {
  root: string;
  cwd: string;
  home: string;
  options: (extra?: Partial<LoadWorkingDotenvOptions>) => LoadWorkingDotenvOptions;
}

async function withDirs(fn: (dirs: Dirs) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "omn-dotenv-" });
  try {
    const cwd = `${root}/work`;
    const home = `${root}/home`;
    await Deno.mkdir(cwd);
    await fn({
      root,
      cwd,
      home,
      options: (extra = {}) => ({
        cwd,
        configDir: home,
        config: { version: 1, trusted_directories: [cwd] } as never,
        env: () => undefined,
        uid: posix ? Deno.uid() : null,
        ...extra,
      }),
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function writeDotenv(path: string, text: string): Promise<void> {
  await Deno.writeTextFile(path, text);
  if (posix) await Deno.chmod(path, 0o600);
}

Deno.test("a ./.env in a trusted directory supplies its credentials", () =>
  withDirs(async ({ cwd, options }) => {
    const key = openaiProjectKey("TRUSTED");
    await writeDotenv(`${cwd}/.env`, `OPENAI_API_KEY=${key}\n`);
    const dotenv = await loadWorkingDotenv(options());
    assert.deepEqual(dotenv.values, { OPENAI_API_KEY: key });
    assert.equal(dotenv.trust, "trusted directory");
    assert.deepEqual(dotenv.warnings, []);
  }));

Deno.test("an untrusted ./.env with credentials is not used: one warning names omn trust and the variables, never a value", () =>
  withDirs(async ({ cwd, options }) => {
    const key = openaiProjectKey("UNTRUSTED");
    await writeDotenv(
      `${cwd}/.env`,
      `OPENAI_API_KEY=${key}\nOPENAI_BASE_URL=https://evil.example\nUNRELATED=1\n`,
    );
    const dotenv = await loadWorkingDotenv(options({ config: { version: 1 } as never }));
    assert.deepEqual(dotenv.values, {});
    assert.equal(dotenv.trust, undefined);
    assert.deepEqual(dotenv.warnings, [
      `Ignoring the credentials in "./.env" (OPENAI_API_KEY): "${cwd}" is not a trusted ` +
      `directory: run "omn trust" to use them, or set OMNIMANCER_TRUST_DOTENV=1`,
    ]);
    // Still known to the redaction module, so an untrusted key is never printed either.
    assert.deepEqual(dotenv.secrets, { OPENAI_API_KEY: key });
    assert.ok(!dotenv.warnings.join("\n").includes(key.slice(0, 12)));
  }));

Deno.test("an untrusted ./.env without credentials is ignored silently", () =>
  withDirs(async ({ cwd, options }) => {
    await writeDotenv(`${cwd}/.env`, "DEBUG=1\n");
    const dotenv = await loadWorkingDotenv(options({ config: { version: 1 } as never }));
    assert.deepEqual(dotenv, { values: {}, warnings: [], ignored: [], secrets: {} });
  }));

Deno.test("OMNIMANCER_TRUST_DOTENV=1 trusts every directory; a trusted parent does not trust its subdirectory", () =>
  withDirs(async ({ cwd, options }) => {
    const key = openaiProjectKey("CI");
    await Deno.mkdir(`${cwd}/sub`);
    await writeDotenv(`${cwd}/sub/.env`, `OPENAI_API_KEY=${key}\n`);
    const sub = await loadWorkingDotenv(options({ cwd: `${cwd}/sub` }));
    assert.deepEqual(sub.values, {});
    const ci = await loadWorkingDotenv(options({
      cwd: `${cwd}/sub`,
      env: (name) => name === "OMNIMANCER_TRUST_DOTENV" ? "1" : undefined,
    }));
    assert.deepEqual(ci.values, { OPENAI_API_KEY: key });
    assert.equal(ci.trust, "OMNIMANCER_TRUST_DOTENV");
  }));

Deno.test({
  name: "a ./.env that is a symbolic link is not followed, to a file outside or dangling",
  ignore: !posix,
  fn: () =>
    withDirs(async ({ root, cwd, options }) => {
      const key = openaiProjectKey("LINKED");
      await writeDotenv(`${root}/elsewhere.env`, `OPENAI_API_KEY=${key}\n`);
      for (const target of [`${root}/elsewhere.env`, "/etc/passwd", `${root}/missing`]) {
        await Deno.remove(`${cwd}/.env`).catch(() => {});
        await Deno.symlink(target, `${cwd}/.env`);
        const dotenv = await loadWorkingDotenv(options());
        assert.deepEqual(dotenv.values, {});
        assert.deepEqual(dotenv.secrets, {});
        assert.equal(dotenv.warnings.length, 1);
        assert.match(dotenv.warnings[0], /^Ignoring \.\/\.env ".*\.env": it is a symbolic link: /);
      }
    }),
});

Deno.test({
  name: "a ./.env that is a FIFO is ignored at once, without waiting for a writer",
  ignore: !posix,
  fn: () =>
    withDirs(async ({ cwd, options }) => {
      const made = await new Deno.Command("mkfifo", { args: [`${cwd}/.env`] }).output();
      assert.equal(made.code, 0);
      const dotenv = await loadWorkingDotenv(options());
      assert.deepEqual(dotenv.values, {});
      assert.match(dotenv.warnings[0], /it is not a regular file/);
    }),
});

Deno.test("a ./.env over the size limit is ignored without being read", () =>
  withDirs(async ({ cwd, options }) => {
    const key = openaiProjectKey("BIG");
    await writeDotenv(
      `${cwd}/.env`,
      `OPENAI_API_KEY=${key}\n#${"x".repeat(DOTENV_MAX_BYTES)}\n`,
    );
    const dotenv = await loadWorkingDotenv(options());
    assert.deepEqual(dotenv.values, {});
    assert.match(dotenv.warnings[0], /more than the limit of 65536: make it smaller/);
    await writeDotenv(`${cwd}/.env`, `OPENAI_API_KEY=${key}\n`);
    assert.deepEqual((await loadWorkingDotenv(options())).values, { OPENAI_API_KEY: key });
  }));

Deno.test({
  name: "a ./.env that other users can write is ignored, with the chmod that fixes it",
  ignore: !posix,
  fn: () =>
    withDirs(async ({ cwd, options }) => {
      await writeDotenv(`${cwd}/.env`, `OPENAI_API_KEY=${openaiProjectKey("OPEN")}\n`);
      await Deno.chmod(`${cwd}/.env`, 0o666);
      const dotenv = await loadWorkingDotenv(options());
      assert.deepEqual(dotenv.values, {});
      assert.match(dotenv.warnings[0], /writable by its group and other users .*chmod 600/);
    }),
});

Deno.test({
  name: "a ./.env owned by another user is ignored (needs root)",
  ignore: !isRoot,
  fn: () =>
    withDirs(async ({ cwd, options }) => {
      await writeDotenv(`${cwd}/.env`, `OPENAI_API_KEY=${openaiProjectKey("FOREIGN")}\n`);
      await Deno.chown(`${cwd}/.env`, 4242, null);
      const dotenv = await loadWorkingDotenv(options());
      assert.deepEqual(dotenv.values, {});
      assert.match(dotenv.warnings[0], /owned by uid 4242, not by you \(uid 0\)/);
    }),
});

Deno.test({
  name: "the owner is learnt in the config directory, which is created for it",
  ignore: !posix,
  fn: () =>
    withDirs(async ({ cwd, home, options }) => {
      const key = openaiProjectKey("PROBE");
      await writeDotenv(`${cwd}/.env`, `OPENAI_API_KEY=${key}\n`);
      const { uid: _uid, ...withoutUid } = options();
      const dotenv = await loadWorkingDotenv(withoutUid);
      assert.deepEqual(dotenv.values, { OPENAI_API_KEY: key });
      assert.equal((await Deno.stat(home)).mode! & 0o777, 0o700);
    }),
});
