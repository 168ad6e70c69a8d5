import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { launchFlags } from "../../scripts/launch_flags.ts";
import { tempWorkspace } from "./_omn.ts";
import { childEnv } from "./_child_env.ts";

const PROBE = fileURLToPath(new URL("./_permission_probe.ts", import.meta.url));

async function probe(what: string, cwd: string, home: string): Promise<string> {
  const env = childEnv({ OMNIMANCER_HOME: home });
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", ...launchFlags((name) => env[name], cwd), PROBE, what],
    cwd,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(output.stdout).trim();
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

Deno.test("under the permission set, reading /etc/passwd, a foreign host and a subprocess all fail", async () => {
  await using workspace = await tempWorkspace();
  assert.equal(await probe("read-etc-passwd", workspace.cwd, workspace.home), "NotCapable");
  assert.equal(await probe("fetch-foreign-host", workspace.cwd, workspace.home), "NotCapable");
  assert.equal(await probe("spawn", workspace.cwd, workspace.home), "NotCapable");
  assert.equal(await probe("write-outside", workspace.cwd, workspace.home), "NotCapable");
  assert.equal(await probe("env-unlisted", workspace.cwd, workspace.home), "NotReadable");
});

Deno.test("under the permission set, the config directory, ./.env and loopback are allowed", async () => {
  await using workspace = await tempWorkspace();
  await Deno.writeTextFile(`${workspace.cwd}/.env`, "X=1\n");
  assert.equal(await probe("write-config-dir", workspace.cwd, workspace.home), "ok");
  assert.equal(await probe("read-dotenv", workspace.cwd, workspace.home), "ok");
  assert.equal(await probe("loopback", workspace.cwd, workspace.home), "ok");
});
