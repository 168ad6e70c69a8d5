/**
 * Drops the default provider instances that the AI SDK's provider packages
 * create as they load (`var anthropic = createAnthropic();`), which omn never
 * uses: it creates each provider itself, with its own settings
 * (`src/providers/*.ts`). Creating one reads `process.env` for its base URL,
 * and in Deno the first touch of the `process` global loads the Node
 * compatibility modules behind it (`node:process`, `node:path`,
 * `node:assert`, …). Measured: an Anthropic ask against a local fake took
 * 206.7 ms with the instance and 179.6 ms without it (medians of 60
 * interleaved rounds; a bare `deno run` took 49 ms).
 *
 * Each instance is kept as its variable, set to `undefined`, so that the
 * chunk stays valid; the build fails when a chunk exports, calls or returns
 * one (something would use it), or when one whose factory the bundle
 * defines is no longer found (a package changed: update the list).
 *
 * @module
 */

/** The default instances of the provider packages omn bundles: variable and factory. */
export const DEFAULT_INSTANCES: readonly { name: string; factory: string }[] = [
  { name: "anthropic", factory: "createAnthropic" },
  { name: "azure", factory: "createAzure" },
  { name: "amazonBedrock", factory: "createAmazonBedrock" },
  { name: "google", factory: "createGoogle" },
  { name: "mistral", factory: "createMistral" },
  { name: "perplexity", factory: "createPerplexity" },
  { name: "xai", factory: "createXai" },
  { name: "openrouter", factory: "createOpenRouter" },
];

/** `var NAME = FACTORY();` or with one flat options object, as deno bundle writes them. */
function instancePattern(name: string, factory: string): RegExp {
  return new RegExp(`^var ${name} = ${factory}\\((?:\\{[^{}()]*\\})?\\);$`, "gm");
}

/**
 * `chunk` with each default instance it creates set to `undefined`, and the
 * names of those it dropped.
 *
 * @throws {Error} when the chunk exports or uses an instance it creates, or creates one twice.
 *
 * @example
 * ```ts
 * import { dropDefaultInstances } from "./default_provider_instances.ts";
 * dropDefaultInstances("var xai = createXai();\n").chunk; // "var xai = void 0;\n"
 * ```
 */
export function dropDefaultInstances(chunk: string): { chunk: string; dropped: string[] } {
  const dropped: string[] = [];
  let rewritten = chunk;
  for (const { name, factory } of DEFAULT_INSTANCES) {
    const matches = rewritten.match(instancePattern(name, factory)) ?? [];
    if (matches.length === 0) continue;
    if (matches.length > 1) {
      throw new Error(`Cannot drop the default instance "${name}": a chunk creates it twice`);
    }
    const without = rewritten.replace(instancePattern(name, factory), `var ${name} = void 0;`);
    if (exportsName(without, name) || usesInstance(without, name)) {
      throw new Error(
        `Cannot drop the default instance "${name}": its chunk exports or uses it; ` +
          `use ${factory}() instead, or remove it from scripts/default_provider_instances.ts`,
      );
    }
    rewritten = without;
    dropped.push(name);
  }
  return { chunk: rewritten, dropped };
}

/**
 * Whether the chunk calls `name` or a method of it (`anthropic("…")`,
 * `anthropic.messages(…)`), or returns it from a getter (`anthropic: () =>
 * anthropic`, as esbuild writes a namespace): the uses of an instance. A
 * property, a string or a local of the same name elsewhere is none.
 */
function usesInstance(chunk: string, name: string): boolean {
  return new RegExp(`(?<![\\w$.'"\`-])${name}\\s*(?:\\(|\\.\\s*\\w+\\s*\\()`).test(chunk) ||
    new RegExp(`=>\\s*${name}\\s*[,})\\n;]`).test(chunk);
}

/** Whether the chunk's `export { … }` lists `name` (as itself, or renamed). */
function exportsName(chunk: string, name: string): boolean {
  for (const list of chunk.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const part of list[1].split(",")) {
      if (part.trim().split(/\s+as\s+/)[0] === name) return true;
    }
  }
  return false;
}

/** The listed factories the chunk defines (`function createAnthropic(`): their packages are in it. */
export function definedFactories(chunk: string): string[] {
  return DEFAULT_INSTANCES.map(({ factory }) => factory).filter((factory) =>
    new RegExp(`^function ${factory}\\(`, "m").test(chunk)
  );
}

/**
 * Throws unless every listed instance whose factory the bundle defines
 * (`definedFactories` of each chunk) was dropped: one missing means its
 * package no longer creates it as this expects.
 */
export function checkAllDropped(dropped: readonly string[], defined: readonly string[]): void {
  const missing = DEFAULT_INSTANCES.filter(({ name, factory }) =>
    defined.includes(factory) && !dropped.includes(name)
  );
  if (missing.length > 0) {
    throw new Error(
      `Cannot find the default provider instance${missing.length > 1 ? "s" : ""} ` +
        `${missing.map(({ name, factory }) => `"var ${name} = ${factory}()"`).join(", ")} ` +
        "in the bundle: update scripts/default_provider_instances.ts",
    );
  }
}
