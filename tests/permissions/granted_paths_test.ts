import assert from "node:assert/strict";
import { grantedPaths } from "../../src/permissions/granted_paths.ts";

Deno.test({
  name:
    "grantedPaths: the path as written, and as the links above it resolve it, never through itself",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const root = await Deno.realPath(await Deno.makeTempDir());
    try {
      await Deno.mkdir(`${root}/real`);
      await Deno.symlink(`${root}/real`, `${root}/linked`);
      await Deno.symlink("/etc", `${root}/real/omn-link`);
      assert.deepEqual(grantedPaths(`${root}/real/omn`), [`${root}/real/omn`]);
      // The parent need not exist: its nearest existing ancestor is resolved.
      assert.deepEqual(grantedPaths(`${root}/linked/a/b/omn`), [
        `${root}/linked/a/b/omn`,
        `${root}/real/a/b/omn`,
      ]);
      // A path that is itself a link is not followed (omn refuses to use it).
      assert.deepEqual(grantedPaths(`${root}/linked/omn-link`), [
        `${root}/linked/omn-link`,
        `${root}/real/omn-link`,
      ]);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
