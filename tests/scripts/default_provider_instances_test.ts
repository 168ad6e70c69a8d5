import assert from "node:assert/strict";
import {
  checkAllDropped,
  DEFAULT_INSTANCES,
  definedFactories,
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

Deno.test("an instance its chunk exports, uses or creates twice fails the build with what to do", () => {
  const uses = [
    "export {\n  createXai,\n  xai as default\n};\n",
    'function useIt() {\n  return xai("grok");\n}\n',
    "function useIt() {\n  return xai.languageModel ( 'grok' );\n}\n",
    // esbuild's namespace of a module: a getter returns it (review).
    "var src_exports = {};\n__export(src_exports, {\n  xai: () => xai,\n  createXai: () => createXai\n});\n",
  ];
  for (const use of uses) {
    assert.throws(
      () => dropDefaultInstances(`var xai = createXai();\n${use}`),
      /default instance "xai": its chunk exports or uses it.*use createXai\(\) instead/,
      use,
    );
  }
  assert.throws(
    () => dropDefaultInstances("var xai = createXai();\nvar xai = createXai();\n"),
    /"xai": a chunk creates it twice/,
  );
  // A local, a property or a string of the same name is no use of the instance.
  const others =
    'function f(options) {\n  const xai = options?.xai;\n  return xai?.id ?? "xai";\n}\n';
  assert.deepEqual(dropDefaultInstances(`var xai = createXai();\n${others}`).dropped, ["xai"]);
});

Deno.test("every instance whose factory the bundle defines must have been dropped: one missing means a package changed", () => {
  const factories = definedFactories(
    "function createGoogle(options = {}) {\n}\nfunction createXai(options) {\n}\n" +
      "var f = createMistral;\n",
  );
  assert.deepEqual(factories, ["createGoogle", "createXai"]);
  checkAllDropped(["google", "xai"], factories);
  checkAllDropped([], []); // a bundle without the packages (the build's stand-in program)
  assert.throws(
    () => checkAllDropped(["xai"], factories),
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
