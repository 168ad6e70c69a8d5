import assert from "node:assert/strict";
import { hasStoredSecretFiles } from "../../src/credentials/has_stored_secret_files.ts";

Deno.test("stored secrets may exist when the config, the config-dir .env or ./.env exists, even as a symlink", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-has-stored-" });
  try {
    await Deno.mkdir(`${root}/home`);
    await Deno.mkdir(`${root}/work`);
    const env = (name: string) => name === "OMNIMANCER_HOME" ? `${root}/home` : undefined;
    assert.equal(await hasStoredSecretFiles(env, `${root}/work`), false);
    for (const path of [`${root}/work/.env`, `${root}/home/.env`, `${root}/home/config.json`]) {
      await Deno.symlink("/nowhere", path);
      assert.equal(await hasStoredSecretFiles(env, `${root}/work`), true, path);
      await Deno.remove(path);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
