import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { lazyRequireHelper } from "../../scripts/lazy_require_helper.ts";

const IMPORT = 'import { createRequire as __deno_internal_createRequire } from "node:module";\n';
const HELPER = "var __require = __deno_internal_createRequire(import.meta.url);\n";

Deno.test("a chunk without the require helper is left as it is", () => {
  const chunk = 'import { a } from "./hot.js";\nexport const b = a + 1;\n';
  assert.equal(lazyRequireHelper(chunk), chunk);
});

Deno.test("the require helper imports nothing and still requires Node's built-ins", async () => {
  const chunk = `${IMPORT}var __defProp = Object.defineProperty;\n${HELPER}export { __require };\n`;
  const rewritten = lazyRequireHelper(chunk);
  assert.ok(!rewritten.includes('node:module";'), rewritten);
  assert.ok(!/^import /m.test(rewritten), rewritten);
  const directory = await Deno.makeTempDir({ prefix: "omn-lazy-require-" });
  try {
    const file = join(directory, "chunk.js");
    await Deno.writeTextFile(file, rewritten);
    const { __require } = await import(pathToFileURL(file).href);
    assert.equal(__require("node:path").posix.join("a", "b"), "a/b");
    assert.equal(__require("node:path"), __require("node:path"));
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("a helper written otherwise than expected fails the build, naming the script", () => {
  for (
    const chunk of [
      `${IMPORT}var x = 1;\n`,
      `${HELPER}`,
      `${IMPORT}${HELPER}${HELPER}`,
      `${IMPORT}${HELPER}var other = __deno_internal_createRequire(import.meta.url);\n`,
    ]
  ) {
    assert.throws(() => lazyRequireHelper(chunk), /scripts\/lazy_require_helper\.ts/);
  }
});
