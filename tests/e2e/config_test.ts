import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { runOmn, tempWorkspace } from "./_omn.ts";

const mode = async (path: string) => (await Deno.stat(path)).mode! & 0o777;

Deno.test("config init, set, get, unset and show, with private modes", async () => {
  await using workspace = await tempWorkspace();
  const init = await runInProcess(["config", "init", "--default-provider", "mock"], workspace);
  assert.equal(init.code, 0, init.stderr);
  assert.equal(await mode(workspace.home), 0o700);
  assert.equal(await mode(`${workspace.home}/config.json`), 0o600);
  assert.equal(
    (await runInProcess(["config", "init"], workspace)).code,
    3,
    "init refuses to replace",
  );
  assert.equal(
    (await runInProcess(
      ["config", "set", "providers.openai.default_model", "gpt-4o-mini"],
      workspace,
    ))
      .code,
    0,
  );
  const get = await runInProcess(["config", "get", "providers.openai.default_model"], workspace);
  assert.equal(get.stdout, "gpt-4o-mini\n");
  const show = await runInProcess(["config", "show", "--json"], workspace);
  assert.deepEqual(JSON.parse(show.stdout), {
    version: 1,
    default_provider: "mock",
    providers: { openai: { default_model: "gpt-4o-mini" } },
  });
  assert.equal(
    (await runInProcess(["config", "unset", "providers.openai.default_model"], workspace)).code,
    0,
  );
  assert.equal(
    (await runInProcess(["config", "get", "providers.openai.default_model"], workspace)).code,
    2,
  );
  const path = await runInProcess(["config", "path"], workspace);
  assert.equal(path.stdout, `${workspace.home}/config.json\n`);
  for await (const entry of Deno.readDir(`${workspace.home}/backups`)) {
    assert.equal(await mode(`${workspace.home}/backups/${entry.name}`), 0o600);
  }
  assert.equal(await mode(`${workspace.home}/backups`), 0o700);
});

Deno.test("a secret cannot be set through config set", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("ARGV");
  const result = await runInProcess(
    ["config", "set", "providers.openai.api_key", canary],
    workspace,
  );
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /omn keys set/);
  assertNoCanary({ stderr: result.stderr, stdout: result.stdout }, [canary]);
  await assert.rejects(Deno.stat(`${workspace.home}/config.json`));
});

Deno.test("a malformed config is reported with line and column, exit 3, and never overwritten", async () => {
  await using workspace = await tempWorkspace();
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  const broken = '{\n  "version": 1,\n  "default_provider": "mock",\n}\n';
  await Deno.writeTextFile(`${workspace.home}/config.json`, broken, { mode: 0o600 });
  for (
    const args of [["config", "set", "default_provider", "openai"], ["config", "validate"], [
      "ask",
      "hi",
    ]]
  ) {
    const result = await runInProcess(args, workspace);
    assert.equal(result.code, 3, args.join(" "));
    assert.match(result.stderr, /config\.json": line 4, column 1/);
    assert.equal(result.stderr.trim().split("\n").length, 1);
  }
  assert.equal(await Deno.readTextFile(`${workspace.home}/config.json`), broken);
});

Deno.test("an invalid config names the failing field", async () => {
  await using workspace = await tempWorkspace();
  await Deno.mkdir(workspace.home, { mode: 0o700 });
  await Deno.writeTextFile(
    `${workspace.home}/config.json`,
    '{"version": 1, "settings": {"on_secret": "maybe"}}',
    {
      mode: 0o600,
    },
  );
  const result = await runInProcess(["config", "validate"], workspace);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /settings\.on_secret/);
});

Deno.test("a world-writable config is refused with the chmod that fixes it; world-readable is warned", async () => {
  await using workspace = await tempWorkspace();
  assert.equal((await runInProcess(["config", "init"], workspace)).code, 0);
  const file = `${workspace.home}/config.json`;
  await Deno.chmod(file, 0o666);
  const refused = await runInProcess(["config", "show"], workspace);
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, new RegExp(`chmod 600 "${file}"`));
  await Deno.chmod(file, 0o644);
  const warned = await runInProcess(["config", "show"], workspace);
  assert.equal(warned.code, 0);
  assert.match(warned.stderr, /^warning: .*chmod 600/m);
});

Deno.test("export strips secrets unless asked, import validates and backs up, backups restore", async () => {
  await using workspace = await tempWorkspace();
  const canary = openaiProjectKey("EXPORT");
  assert.equal(
    (await runInProcess(["config", "init", "--default-provider", "mock"], workspace)).code,
    0,
  );
  assert.equal(
    (await runInProcess(["keys", "set", "openai", "--stdin"], { ...workspace, stdin: canary }))
      .code,
    0,
  );
  const exported = await runInProcess(["config", "export"], workspace);
  assert.equal(exported.code, 0);
  assert.equal(JSON.parse(exported.stdout).default_provider, "mock");
  assertNoCanary({ export: exported.stdout, stderr: exported.stderr }, [canary]);
  const full = await runInProcess(["config", "export", "--include-secrets"], workspace);
  assert.equal(JSON.parse(full.stdout).providers.openai.api_key, canary);
  assertNoCanary({ stderr: full.stderr }, [canary]);

  const invalid = await runInProcess(["config", "import", "-"], {
    ...workspace,
    stdin: '{"version": 2}',
  });
  assert.equal(invalid.code, 3);
  const imported = await runInProcess(["config", "import", "-"], {
    ...workspace,
    stdin: '{"version": 1, "default_provider": "openai"}',
  });
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(
    (await runInProcess(["config", "get", "default_provider"], workspace)).stdout,
    "openai\n",
  );
  const list = JSON.parse((await runInProcess(["config", "backups", "--json"], workspace)).stdout);
  assert.ok(list.length >= 2);
  const restored = await runInProcess(["config", "backups", "restore", list[0].name], workspace);
  assert.equal(restored.code, 0, restored.stderr);
  assert.equal(
    (await runInProcess(["config", "get", "default_provider"], workspace)).stdout,
    "mock\n",
  );
  // A child process: only the release permission set refuses the read.
  const outside = await runOmn(["config", "import", "/etc/hostname"], workspace);
  assert.equal(outside.code, 3);
  assert.match(outside.stderr, /omn config import - < "\/etc\/hostname"/);
});
