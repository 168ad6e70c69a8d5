import assert from "node:assert/strict";
import {
  checkAllDropped,
  DEFAULT_INSTANCES,
  dropDefaultInstances,
} from "../../scripts/default_provider_instances.ts";

Deno.test("a provider package's default instance is set to undefined, the rest of its chunk as it was", () => {
  const chunk = [
    "function createAnthropic(options = {}) {",
    "  return options;",
    "}",
    "var anthropic = createAnthropic();",
    'var name = "anthropic";',
    "export {",
    "  createAnthropic",
    "};",
    "",
  ].join("\n");
  const { chunk: rewritten, dropped } = dropDefaultInstances(chunk);
  assert.deepEqual(dropped, ["anthropic"]);
  assert.equal(
    rewritten,
    chunk.replace("var anthropic = createAnthropic();", "var anthropic = void 0;"),
  );
  // One with a flat options object, as OpenRouter's.
  const openrouter = dropDefaultInstances(
    'var openrouter = createOpenRouter({\n  compatibility: "strict"\n});\nexport { x };\n',
  );
  assert.deepEqual(openrouter.dropped, ["openrouter"]);
  assert.equal(openrouter.chunk, "var openrouter = void 0;\nexport { x };\n");
});

Deno.test("anything else is left alone: another factory, a call with arguments, a call inside code", () => {
  for (
    const chunk of [
      "var generateId = createIdGenerator();\n",
      "var anthropic = createAnthropic({ baseURL: load() });\n",
      "var anthropic = createAnthropic(settings);\n",
      "  var anthropic = createAnthropic();\n",
      "const anthropic = createAnthropic();\n",
      "var anthropic2 = createAnthropic();\n",
    ]
  ) {
    assert.deepEqual(dropDefaultInstances(chunk), { chunk, dropped: [] }, chunk);
  }
});

Deno.test("an instance its chunk exports, or creates twice, fails the build with what to do", () => {
  assert.throws(
    () =>
      dropDefaultInstances(
        "var xai = createXai();\nexport {\n  createXai,\n  xai as default\n};\n",
      ),
    /default instance "xai": its chunk exports it.*use createXai\(\) instead/,
  );
  assert.throws(
    () => dropDefaultInstances("var xai = createXai();\nvar xai = createXai();\n"),
    /"xai": a chunk creates it twice/,
  );
});

Deno.test("the bundle must have had every listed instance: one gone means a package changed", () => {
  checkAllDropped(DEFAULT_INSTANCES.map(({ name }) => name));
  assert.throws(
    () =>
      checkAllDropped(
        DEFAULT_INSTANCES.map(({ name }) => name).filter((name) => name !== "google"),
      ),
    /Cannot find the default provider instance "var google = createGoogle\(\)" in the bundle: update scripts\/default_provider_instances\.ts/,
  );
});

Deno.test("omn's source imports no provider package's default instance (the build sets them to undefined)", async () => {
  const names = new Set(DEFAULT_INSTANCES.map(({ name }) => name));
  const root = new URL("../../src/", import.meta.url);
  const pending = [root];
  let checked = 0;
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for await (const entry of Deno.readDir(dir)) {
      const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
      if (entry.isDirectory) pending.push(url);
      if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
      const source = await Deno.readTextFile(url);
      for (
        const [, imported, from] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)
      ) {
        if (!from.startsWith("@ai-sdk/") && !from.startsWith("@openrouter/")) continue;
        checked++;
        for (const part of imported.split(",")) {
          const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0];
          assert.ok(!names.has(name), `${url.pathname} imports the default instance "${name}"`);
        }
      }
      assert.doesNotMatch(
        source,
        /import\s+\w+\s+from\s*"@(?:ai-sdk|openrouter)\//,
        `${url.pathname}: a default import`,
      );
    }
  }
  assert.ok(checked > 5, "the provider packages' imports were found");
});
