/**
 * `./.env` under the real permission set: read only as a checked regular
 * file, and used only in a trusted directory.
 *
 * @module
 */
import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { runOmn, tempWorkspace, type Workspace } from "./_omn.ts";
import { runInProcess } from "./_in_process.ts";

const posix = Deno.build.os !== "windows";

// deno-lint-ignore no-explicit-any
async function openaiRow(workspace: Workspace, env: Record<string, string> = {}): Promise<any> {
  const result = await runInProcess(["keys", "list", "--json"], { ...workspace, env });
  assert.equal(result.code, 0, result.stderr);
  // deno-lint-ignore no-explicit-any
  return JSON.parse(result.stdout).keys.find((row: any) => row.provider === "openai");
}

Deno.test("a ./.env shipped with a repository cannot pick the account: trusted, it shadows the stored key, and says so", async () => {
  await using workspace = await tempWorkspace();
  const [mine, theirs] = [openaiProjectKey("MINE"), openaiProjectKey("THEIRS")];
  const set = await runInProcess(["keys", "set", "openai", "--stdin"], {
    ...workspace,
    stdin: mine,
  });
  assert.equal(set.code, 0, set.stderr);
  await Deno.writeTextFile(`${workspace.cwd}/.env`, `OPENAI_API_KEY=${theirs}\n`, { mode: 0o600 });

  const untrusted = await runInProcess(["keys", "list"], workspace);
  assert.equal(untrusted.code, 0, untrusted.stderr);
  assert.match(
    untrusted.stderr,
    /Ignoring the credentials in "\.\/\.env" \(OPENAI_API_KEY\): ".*" is not a trusted directory: run "omn trust"/,
  );
  assert.equal((await openaiRow(workspace)).source, "config");

  const trusted = await runInProcess(["trust"], workspace);
  assert.equal(trusted.code, 0, trusted.stderr);
  const list = await runInProcess(["trust", "--list", "--json"], workspace);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(JSON.parse(list.stdout).working_directory_trusted, true);
  const row = await openaiRow(workspace);
  assert.equal(row.source, ".env");
  assert.equal(row.shadows, "config");
  const text = await runInProcess(["keys", "list"], workspace);
  assert.match(text.stdout, /\.\/\.env hides the key stored in the config/);
  const providers = await runInProcess(["providers"], workspace);
  assert.match(
    providers.stdout,
    /openai.*from \.env OPENAI_API_KEY \(\.\/\.env hides the key stored in the config\)/,
  );

  // Another directory cannot be looked at under the permission set: kept as written, with a note.
  // A child process: only the release permission set refuses the look.
  await Deno.mkdir(`${workspace.root}/other`);
  const other = await runOmn(["trust", `${workspace.root}/other`], workspace);
  assert.equal(other.code, 0, other.stderr);
  assert.match(
    other.stderr,
    /permission set does not let it look at ".*other", so it is kept as written/,
  );
  const listed = await runInProcess(["trust", "--list"], workspace);
  assert.equal(listed.stdout, `${workspace.cwd}\n${workspace.root}/other\n`);

  const untrust = await runInProcess(["untrust"], workspace);
  assert.equal(untrust.code, 0, untrust.stderr);
  assert.equal((await openaiRow(workspace)).source, "config");
  // In CI, the variable trusts the directory without a stored list.
  assert.equal((await openaiRow(workspace, { OMNIMANCER_TRUST_DOTENV: "1" })).source, ".env");
  assertNoCanary(
    {
      untrusted: untrusted.stderr + untrusted.stdout,
      text: text.stdout,
      providers: providers.stdout,
    },
    [mine, theirs],
  );
});

Deno.test({
  name:
    "a ./.env that is a symbolic link, a FIFO or too big is ignored with a warning, and every command still runs",
  ignore: !posix,
  fn: async () => {
    await using workspace = await tempWorkspace();
    const env = { OMNIMANCER_TRUST_DOTENV: "1" };
    const outside = openaiProjectKey("OUTSIDE");
    await Deno.writeTextFile(`${workspace.root}/outside.env`, `OPENAI_API_KEY=${outside}\n`, {
      mode: 0o600,
    });
    const cases: [string, () => Promise<void>, RegExp][] = [
      [
        "link",
        () => Deno.symlink(`${workspace.root}/outside.env`, `${workspace.cwd}/.env`),
        /symbolic link/,
      ],
      ["passwd", () => Deno.symlink("/etc/passwd", `${workspace.cwd}/.env`), /symbolic link/],
      [
        "fifo",
        async () => {
          const made = await new Deno.Command("mkfifo", { args: [`${workspace.cwd}/.env`] })
            .output();
          assert.equal(made.code, 0);
        },
        /not a regular file/,
      ],
      [
        "big",
        () =>
          Deno.writeTextFile(
            `${workspace.cwd}/.env`,
            `OPENAI_API_KEY=${outside}\n#${"x".repeat(70_000)}\n`,
            {
              mode: 0o600,
            },
          ),
        /more than the limit of 65536/,
      ],
    ];
    for (const [name, make, warning] of cases) {
      await Deno.remove(`${workspace.cwd}/.env`).catch(() => {});
      await make();
      const ask = await runInProcess(["ask", "--provider", "mock", "hi"], { ...workspace, env });
      assert.equal(ask.code, 0, `${name}: ${ask.stderr}`);
      assert.match(ask.stderr, warning, name);
      const row = await openaiRow(workspace, env);
      assert.equal(row, undefined, `${name}: the key behind it was not used`);
      assertNoCanary({ [name]: ask.stdout + ask.stderr }, [outside]);
      assert.doesNotMatch(ask.stderr, /root:/);
    }
  },
});

Deno.test({
  name:
    "a ./.env that links outside the permission set cannot be read by naming it: scan, batch, config import and --schema exit 3",
  ignore: !posix,
  fn: async () => {
    // Deno checks the path as given, so a link that a cloned repository ships as ./.env would
    // otherwise let `omn scan .env` (or any command that takes a file) read wherever it points.
    await using workspace = await tempWorkspace();
    const outside = openaiProjectKey("OUTSIDE");
    const target = `${workspace.root}/outside.json`;
    await Deno.writeTextFile(target, `{ "type": "object", "description": "${outside}" }\n`, {
      mode: 0o600,
    });
    await Deno.symlink(target, `${workspace.cwd}/.env`);
    const commands = [
      ["scan", ".env"],
      ["batch", "--job", "j", ".env"],
      ["config", "import", ".env"],
      ["ask", "--provider", "mock", "--schema", ".env", "hi"],
    ];
    for (const args of commands) {
      const result = await runOmn(args, workspace);
      assert.equal(result.code, 3, `${args.join(" ")}: ${result.stderr}`);
      assert.match(
        result.stderr,
        /Cannot read "\.env": omn may read only its config directory and \.\/\.env/,
        args.join(" "),
      );
      assertNoCanary({ [args.join(" ")]: result.stdout + result.stderr }, [outside]);
    }
    assert.equal(
      await Deno.readTextFile(target),
      `{ "type": "object", "description": "${outside}" }\n`,
    );
    await assert.rejects(Deno.lstat(`${workspace.home}/config.json`), Deno.errors.NotFound);
  },
});

Deno.test("in a directory whose path holds a comma, omn says why it cannot read ./.env, and doctor names that fix", async () => {
  // review: the permission set leaves such a ./.env out (Deno splits paths at commas); omn said
  // only "permission to read it was denied", and doctor's fix was to chmod or replace the file.
  await using workspace = await tempWorkspace();
  const cwd = `${workspace.cwd}/docs,x`;
  await Deno.mkdir(cwd);
  await Deno.writeTextFile(`${cwd}/.env`, `OPENAI_API_KEY=${openaiProjectKey("COMMA")}\n`, {
    mode: 0o600,
  });
  const result = await runOmn(["doctor", "--json"], { ...workspace, cwd });
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, [openaiProjectKey("COMMA")]);
  assert.match(
    result.stderr,
    /Not reading "\.\/\.env", if there is one: the path of this directory holds a comma/,
  );
  // deno-lint-ignore no-explicit-any
  const check = JSON.parse(result.stdout).checks.find((check: any) => check.id === "dotenv");
  assert.equal(check.status, "warn");
  assert.match(check.fix, /a directory whose path holds no comma/);
});
