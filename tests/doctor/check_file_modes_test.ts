import assert from "node:assert/strict";
import { checkFileModes } from "../../src/doctor/check_file_modes.ts";
import { configPaths } from "../../src/config/paths.ts";

const posix = Deno.build.os !== "windows";

async function home() {
  const root = await Deno.makeTempDir();
  const paths = configPaths((name) => (name === "OMNIMANCER_HOME" ? `${root}/home` : undefined));
  return { root, paths };
}

Deno.test("a missing config directory passes", async () => {
  const { root, paths } = await home();
  try {
    assert.deepEqual((await checkFileModes(paths)).map((check) => check.status), ["pass"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test({
  name: "private modes pass; a file others can read warns; one others can write fails, with chmod",
  ignore: !posix,
  fn: async () => {
    const { root, paths } = await home();
    try {
      await Deno.mkdir(paths.backups, { recursive: true, mode: 0o700 });
      await Deno.chmod(paths.dir, 0o700);
      await Deno.chmod(paths.backups, 0o700);
      await Deno.writeTextFile(paths.file, "{}", { mode: 0o600 });
      await Deno.writeTextFile(`${paths.dir}/audit.jsonl`, "", { mode: 0o600 });
      const statuses = async () =>
        (await checkFileModes(paths)).map((check) => `${check.status} ${check.id}`);
      assert.deepEqual(await statuses(), [
        "pass file-modes.dir",
        "pass file-modes.config",
        "pass file-modes.backups",
        "pass file-modes.other",
      ]);
      await Deno.chmod(`${paths.dir}/audit.jsonl`, 0o644);
      await Deno.writeTextFile(`${paths.backups}/config-x.json`, "{}");
      await Deno.chmod(`${paths.backups}/config-x.json`, 0o666);
      const checks = await checkFileModes(paths);
      assert.deepEqual(checks.map((check) => `${check.status} ${check.id}`), [
        "pass file-modes.dir",
        "pass file-modes.config",
        "fail file-modes.backups",
        "warn file-modes.other",
      ]);
      assert.equal(checks[2].fix, `chmod 600 "${paths.backups}/config-x.json"`);
      assert.equal(checks[3].fix, `chmod 600 "${paths.dir}/audit.jsonl"`);
      await Deno.chmod(paths.dir, 0o777);
      assert.equal((await checkFileModes(paths))[0].status, "fail");
      await Deno.chmod(paths.dir, 0o700);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
