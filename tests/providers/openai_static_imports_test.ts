/**
 * What loading the OpenAI provider loads: the static imports reachable from
 * `src/providers/openai.ts` (type-only imports and dynamic imports left
 * out) include neither zod nor the AI SDK's OpenAI package or its
 * provider utilities, which build their zod schemas when they load; those
 * come only with a call omn's own client leaves to the SDK.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";

const STATIC_IMPORT = /^\s*(import|export)\s+(?!type\s)([^"';]*?)\bfrom\s*["']([^"']+)["']/gm;
const SIDE_EFFECT_IMPORT = /^\s*import\s*["']([^"']+)["']/gm;

/** The bare (package) specifiers statically reachable from a file, with the files on the way. */
async function staticPackages(
  entry: string,
): Promise<{ packages: Set<string>; files: Set<string> }> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const source = await Deno.readTextFile(file);
    const specifiers = [
      ...[...source.matchAll(STATIC_IMPORT)].map((match) => match[3]),
      ...[...source.matchAll(SIDE_EFFECT_IMPORT)].map((match) => match[1]),
    ];
    for (const specifier of specifiers) {
      if (specifier.startsWith(".")) pending.push(join(dirname(file), specifier));
      else packages.add(specifier);
    }
  }
  return { packages, files };
}

const ENTRY = new URL("../../src/providers/openai.ts", import.meta.url).pathname;

Deno.test("the OpenAI provider loads neither zod nor the SDK's OpenAI package statically", async () => {
  const { packages, files } = await staticPackages(ENTRY);
  assert.ok(files.size > 3, "the walk follows relative imports");
  assert.ok(packages.has("eventsource-parser"), "the walk sees package imports");
  for (
    const heavy of ["zod", "@ai-sdk/openai", "@ai-sdk/openai/internal", "@ai-sdk/provider-utils"]
  ) {
    assert.ok(!packages.has(heavy), `${heavy} is imported statically`);
  }
  // The exact chunk reader (zod) is a file of its own, reached only by a dynamic import.
  assert.ok(![...files].some((file) => file.endsWith("openai_chat_chunk_exact.ts")));
});

for (const provider of ["compatible", "ollama"]) {
  Deno.test(`the ${provider} provider loads neither zod nor the SDK's OpenAI-compatible package statically`, async () => {
    const { packages, files } = await staticPackages(
      new URL(`../../src/providers/${provider}.ts`, import.meta.url).pathname,
    );
    assert.ok(packages.has("eventsource-parser"), "the walk sees package imports");
    for (const heavy of ["zod", "@ai-sdk/openai-compatible", "@ai-sdk/provider-utils"]) {
      assert.ok(!packages.has(heavy), `${heavy} is imported statically`);
    }
    assert.ok(![...files].some((file) => file.endsWith("_exact.ts")));
  });
}

Deno.test("the walk sees a static import of zod where there is one", async () => {
  const { packages } = await staticPackages(
    new URL("../../src/providers/openai_chat_chunk_exact.ts", import.meta.url).pathname,
  );
  assert.ok(packages.has("zod") && packages.has("@ai-sdk/provider-utils"));
});
