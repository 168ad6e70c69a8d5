/**
 * Release builds are portable by default: the bundle under the release
 * permission flags runs the README's GitHub Actions recipe with a HOME other
 * than the builder's; a `--pin-home` build refuses it in one line.
 *
 * @module
 */
import assert from "node:assert/strict";
import { childEnv } from "../e2e/_child_env.ts";
import { HOME_ROOTS, releaseConfigDirs, releaseFlags } from "../../scripts/release_flags.ts";
import { BUILD_DIR, PROGRAM } from "../../scripts/launch_flags.ts";
import { RUN_FLAGS } from "../../src/permissions/permission_set.ts";
import { anthropicKey } from "../credentials/_canaries.ts";
import { startAnthropicFake } from "../fakes/anthropic_fake.ts";
import { assertNoCanary } from "../e2e/_canary_checks.ts";
import "../e2e/_program.ts"; // refuses to run against a stale bundle

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
const target = Deno.build.target;
const homeRoot = HOME_ROOTS.linux[0];
const homeRootWritable = Deno.build.os === "linux" &&
  await Deno.makeTempDir({ dir: homeRoot }).then(
    (dir) => Deno.remove(dir).then(() => true),
    () => false,
  );

Deno.test("a release is portable unless --pin-home pins it to the builder's config directory", () => {
  const env = (name: string) => ({ HOME: "/root" } as Record<string, string>)[name];
  assert.deepEqual(releaseConfigDirs("x86_64-unknown-linux-gnu", { pinHome: false, env }), [
    "/home",
    "/root",
  ]);
  assert.deepEqual(releaseConfigDirs("aarch64-apple-darwin", { pinHome: false, env }), ["/Users"]);
  assert.deepEqual(releaseConfigDirs("x86_64-unknown-linux-gnu", { pinHome: true, env }), [
    "/root/.omnimancer",
  ]);
  const flags = releaseFlags("x86_64-unknown-linux-gnu", { pinHome: false, env });
  assert.ok(flags.includes("--allow-write=/home,/root"), flags.join(" "));
});

/** Writes `bin/omn`: the bundle under the release flags built with the builder's environment. */
async function installRelease(bin: string, pinHome: boolean): Promise<void> {
  const flags = releaseFlags(target, {
    pinHome,
    env: (name) => Deno.env.get(name),
    programDirs: [BUILD_DIR],
  });
  const args = ["run", "-q", ...RUN_FLAGS, ...flags, PROGRAM].map((part) => `'${part}'`).join(" ");
  await Deno.mkdir(bin, { recursive: true });
  await Deno.writeTextFile(`${bin}/omn`, `#!/bin/sh\nexec '${Deno.execPath()}' ${args} "$@"\n`, {
    mode: 0o755,
  });
}

/** The `run:` script of the README's GitHub Actions step `name`. */
function actionsStep(name: string): string {
  const start = README.indexOf("### A GitHub Actions job");
  const step = README.indexOf(`- name: ${name}`, start);
  const run = README.indexOf("run: |\n", step) + "run: |\n".length;
  const lines = README.slice(run).split("\n");
  const indent = /^\s*/.exec(lines[0])![0];
  const body: string[] = [];
  for (const line of lines) {
    if (!line.startsWith(indent) || line.trim() === "```") break;
    body.push(line.slice(indent.length));
  }
  return body.join("\n");
}

Deno.test({
  // Ignored without a writable /home on Linux: a runner's home must lie under it.
  name: `the README's GitHub Actions recipe runs under the release flags with another user's HOME${
    homeRootWritable ? "" : " (ignored: /home is not writable)"
  }`,
  ignore: !homeRootWritable,
  async fn() {
    const key = anthropicKey("RELEASE");
    await using fake = await startAnthropicFake({ apiKey: key, reply: "No bugs found." });
    const home = await Deno.makeTempDir({ dir: homeRoot, prefix: "runner-" });
    try {
      assert.notEqual(home, Deno.env.get("HOME"));
      const bin = `${home}/.local/bin`;
      const repository = `${home}/work`;
      await Deno.mkdir(repository);
      const env: Record<string, string> = {
        HOME: home,
        CI: "true",
        NO_COLOR: "1",
        GITHUB_STEP_SUMMARY: `${home}/summary.md`,
        GIT_CONFIG_NOSYSTEM: "1",
        PATH: `${bin}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
      };
      const bash = async (script: string, extra: Record<string, string> = {}) => {
        const output = await new Deno.Command("bash", {
          args: ["--noprofile", "--norc", "-eo", "pipefail", "-c", script],
          cwd: repository,
          env: childEnv({ ...env, ...extra }),
          clearEnv: true,
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
        const decoder = new TextDecoder();
        return {
          code: output.code,
          stdout: decoder.decode(output.stdout),
          stderr: decoder.decode(output.stderr),
        };
      };
      await installRelease(bin, false);
      const setup = await bash(
        "git init -q -b main . && git config user.email ci@example.com && git config user.name ci" +
          " && printf 'a\\n' > a.txt && git add a.txt && git commit -qm one" +
          " && git update-ref refs/remotes/origin/main HEAD" +
          " && printf 'a\\nb\\n' > a.txt && git commit -qam two" +
          ` && omn config set providers.anthropic.base_url ${fake.baseURL}`,
      );
      assert.equal(setup.code, 0, setup.stderr);
      const review = await bash(actionsStep("Review the change"), { ANTHROPIC_API_KEY: key });
      assert.equal(review.code, 0, review.stderr);
      assert.match(await Deno.readTextFile(`${home}/summary.md`), /No bugs found\./);
      const result = JSON.parse(await Deno.readTextFile(`${repository}/review.json`));
      assert.equal(result.is_error, false);

      // The same recipe with a binary pinned to the builder's config directory: one line, exit 3.
      await installRelease(bin, true);
      const pinned = await bash(actionsStep("Review the change"), { ANTHROPIC_API_KEY: key });
      assert.notEqual(pinned.code, 0);
      const lines = pinned.stderr.trim().split("\n");
      assert.equal(lines.length, 1, pinned.stderr);
      assert.match(lines[0], /Cannot use the config directory ".*\/\.omnimancer": .*--pin-home/);
      assert.doesNotMatch(pinned.stderr, /run again with|--allow-/);
      assertNoCanary(
        { review: review.stdout + review.stderr, pinned: pinned.stderr },
        [key],
      );
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});
