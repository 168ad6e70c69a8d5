import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs `deno task compile --target <target>` with `env` added; its exit code and stderr. */
async function runCompile(target: string, env: Record<string, string> = {}) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-q",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-run",
      "scripts/compile.ts",
      "--target",
      target,
    ],
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
}

Deno.test("compile stops at once with one line and leaves dist/ untouched when DENORT_BIN is no runtime", async () => {
  const marker = `${ROOT}dist/compile-test-marker`;
  const hadDist = await Deno.stat(`${ROOT}dist`).then(() => true, () => false);
  await Deno.mkdir(`${ROOT}dist`, { recursive: true });
  await Deno.writeTextFile(marker, "kept");
  const directory = await Deno.makeTempDir();
  try {
    for (const denort of ["/nonexistent/denort", directory]) {
      const { code, stderr } = await runCompile("x86_64-unknown-linux-gnu", {
        DENORT_BIN: denort,
      });
      assert.equal(code, 1);
      assert.equal(stderr.trim().split("\n").length, 1, stderr);
      assert.ok(
        stderr.includes(`check DENORT_BIN ("${denort}")`) &&
          stderr.includes("nothing was written to dist/"),
        stderr,
      );
      assert.equal(await Deno.readTextFile(marker), "kept");
      await assert.rejects(Deno.stat(`${ROOT}dist.partial`));
    }
  } finally {
    await Deno.remove(directory);
    await Deno.remove(hadDist ? marker : `${ROOT}dist`, { recursive: true });
  }
});

Deno.test("compile refuses an unknown target", async () => {
  const { code, stderr } = await runCompile("riscv-unknown");
  assert.equal(code, 2);
  assert.match(stderr, /Cannot build for "riscv-unknown"/);
});
