import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { launchFlags } from "../../scripts/launch_flags.ts";
import { RefusalError } from "../../src/core/errors.ts";
import { runOmn, tempWorkspace } from "./_omn.ts";
import { childEnv } from "./_child_env.ts";

const PROBE = fileURLToPath(new URL("./_permission_probe.ts", import.meta.url));

/** Tries each operation of `whats` in one probe process; gives what each did, by name. */
async function probe(
  whats: readonly string[],
  cwd: string,
  home: string,
): Promise<Record<string, string>> {
  const env = childEnv({ OMNIMANCER_HOME: home });
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", ...launchFlags((name) => env[name], cwd), PROBE, ...whats],
    cwd,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const lines = new TextDecoder().decode(output.stdout).trim().split("\n");
  assert.equal(lines.length, whats.length, new TextDecoder().decode(output.stderr));
  return Object.fromEntries(whats.map((what, index) => [what, lines[index]]));
}

Deno.test("the permission set has no -A, run, ffi or sys, and never prompts", () => {
  const flags = launchFlags(
    (name) => ({ OMNIMANCER_HOME: "/tmp/x" } as Record<string, string>)[name],
    "/tmp",
  );
  assert.ok(flags.includes("--no-prompt"));
  for (const flag of flags) {
    assert.doesNotMatch(
      flag,
      /^(-A|--allow-all|--allow-run|--allow-ffi|--allow-sys|--allow-import)/,
    );
  }
  for (const prefix of ["--allow-read=", "--allow-write=", "--allow-net=", "--allow-env="]) {
    const flag = flags.find((candidate) => candidate.startsWith(prefix));
    assert.ok(flag, `${prefix} present`);
    assert.notEqual(flag, prefix, `${prefix} is scoped`);
  }
});

Deno.test("a path holding a comma never widens the permission set: Deno reads the comma as a separator", () => {
  // A cloned repository's directory named "docs,x" would otherwise grant read of <repo>/docs
  // (and whatever a link there leads to), and OMNIMANCER_HOME="/home/ada/.omn,/home/ada" write of the whole home.
  const flags = launchFlags(
    (name) => ({ OMNIMANCER_HOME: "/tmp/x" } as Record<string, string>)[name],
    "/tmp/repo/docs,x",
  );
  const read = flags.find((flag) => flag.startsWith("--allow-read="))!;
  const granted = read.slice("--allow-read=".length).split(",");
  assert.ok(granted.includes("/tmp/x"), read);
  assert.ok(!granted.some((path) => path.startsWith("/tmp/repo") || path === "x/.env"), read);
  assert.throws(
    () =>
      launchFlags(
        (name) => ({ OMNIMANCER_HOME: "/home/ada/.omn,/home/ada" } as Record<string, string>)[name],
        "/tmp",
      ),
    (error) =>
      error instanceof RefusalError &&
      error.message.startsWith(
        'Cannot grant omn the directory "/home/ada/.omn,/home/ada": its path holds a comma',
      ),
  );
});

Deno.test("under the permission set, reading /etc/passwd, a foreign host, a remote import and a subprocess all fail", async () => {
  await using workspace = await tempWorkspace();
  const expected = {
    "read-etc-passwd": "NotCapable",
    "fetch-foreign-host": "NotCapable",
    "spawn": "NotCapable",
    "write-outside": "NotCapable",
    "env-unlisted": "NotReadable",
    "import-remote": "NotImportable",
  };
  assert.deepEqual(
    await probe(Object.keys(expected), workspace.cwd, workspace.home),
    expected,
  );
});

Deno.test("under the permission set, the config directory, ./.env and loopback are allowed", async () => {
  await using workspace = await tempWorkspace();
  await Deno.writeTextFile(`${workspace.cwd}/.env`, "X=1\n");
  const expected = { "write-config-dir": "ok", "read-dotenv": "ok", "loopback": "ok" };
  assert.deepEqual(
    await probe(Object.keys(expected), workspace.cwd, workspace.home),
    expected,
  );
});

Deno.test({
  name: "under the permission set, a dynamic npm import fetches nothing",
  // Left by review: `import("npm:NAME")` makes Deno fetch NAME from the npm registry (the
  // user's `.npmrc` or NPM_CONFIG_REGISTRY may name another), a request `--allow-net` does not
  // see, so a module could send a key out as a package name. `--no-npm` breaks the providers
  // the bundle keeps external (Bedrock's package loads from npm at run time), `--frozen` does not
  // stop it, and `--cached-only` needs the externals cached by every way omn is installed.
  ignore: true,
  fn: async () => {
    await using workspace = await tempWorkspace();
    assert.deepEqual(
      await probe(["import-npm"], workspace.cwd, workspace.home),
      { "import-npm": "NotImportable" },
    );
  },
});

Deno.test({
  name: "a config directory under a linked directory (macOS's /tmp and /var, a linked /home) works",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    // review: Deno checks an open that sets a mode (the uid probe, every private file) against the
    // path the links lead to, while the set granted the path as written: every command exited 3
    // with 'Reading "<real path>/.uid-probe-…" refused by omn's permission set'.
    await using workspace = await tempWorkspace();
    await Deno.mkdir(`${workspace.root}/real`);
    await Deno.symlink(`${workspace.root}/real`, `${workspace.root}/linked`);
    const home = `${workspace.root}/linked/omn`;
    const set = await runOmn(["config", "set", "default_provider", "mock"], { ...workspace, home });
    assert.equal(set.code, 0, set.stderr);
    const asked = await runOmn(["ask", "hi"], { ...workspace, home });
    assert.equal(asked.code, 0, asked.stderr);
    assert.match(asked.stdout, /mock provider/);
    assert.equal((await Deno.stat(`${workspace.root}/real/omn/config.json`)).mode! & 0o777, 0o600);
    // A working directory named through a link (INIT_CWD, "$PWD"): its ./.env is read.
    await Deno.writeTextFile(`${workspace.root}/real/.env`, "NOTE=1\n", { mode: 0o600 });
    const scanned = await runOmn(["scan", ".env"], {
      ...workspace,
      home,
      cwd: `${workspace.root}/linked`,
    });
    assert.equal(scanned.code, 0, scanned.stderr);
    assert.equal(scanned.stderr, "");
  },
});
