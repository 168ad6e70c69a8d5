/**
 * Keeps only zod's English messages in the bundle: each of zod's other
 * locales (`zod/v4/locales/ar.js`, … 62 of them, about 360 KB) is replaced
 * by a function that returns the English locale. zod's `locales` namespace
 * export pulls them all into its chunk, which every run that validates with
 * zod loads (the AI SDK's providers, the config schema), while omn only ever
 * uses the English locale, zod's default: measured, an `import()` of the
 * chunk took 27.3 ms more than a bare `deno run` with them and 18.0 ms
 * without (medians of 40 interleaved rounds).
 *
 * A locale is replaced only when its module is as expected (one
 * `var errorN = () => {` and one `function NAME_default()` that returns
 * `{ localeError: errorN() }`); the build fails when zod's English locale
 * is not found, or a replaced locale's `errorN` is used elsewhere.
 *
 * @module
 */

/**
 * The comment esbuild starts each bundled module with, for one of zod's
 * locales: from Deno's npm cache (`…/registry.npmjs.org/zod/4.6.7/v4/…`) or
 * a `node_modules` folder (`…/node_modules/zod/v4/…`).
 */
const LOCALE_HEADER = /^\/\/ [^\n]*\/zod\/(?:[^/\n]+\/)?v4\/locales\/([A-Za-z-]+)\.js$/gm;

/**
 * A locale module as zod writes them, as deno bundle writes it: its only
 * top-level statements are `var errorN = () => {…};` (every line of whose
 * body is indented) and the function that returns it.
 */
const LOCALE_MODULE =
  /^(\/\/ [^\n]*\n)var (error\d*) = \(\) => \{((?:\n(?:[ \t][^\n]*)?)*)\n\};\nfunction (\w+_default)\(\) \{\n {2}return \{\n {4}localeError: \2\(\)\n {2}\};\n\}\n*$/;

/** Whether the chunk holds one of zod's locale modules. */
export function holdsZodLocales(chunk: string): boolean {
  return new RegExp(LOCALE_HEADER.source, "m").test(chunk);
}

/**
 * `chunk` with zod's locales other than English returning the English one,
 * and how many it replaced (0, and the chunk as it was, when it holds none).
 *
 * @throws {Error} when the chunk holds zod's locales but not the English one's
 * function, or a replaced locale's error function is used elsewhere.
 */
export function englishZodLocales(chunk: string): { chunk: string; replaced: number } {
  const headers = [...chunk.matchAll(LOCALE_HEADER)];
  if (headers.length === 0) return { chunk, replaced: 0 };
  const english = headers.find((header) => header[1] === "en");
  const englishName = english === undefined
    ? undefined
    : /\nfunction (\w+_default)\(\) \{/.exec(moduleAt(chunk, english.index!))?.[1];
  if (englishName === undefined) {
    throw new Error(
      "Cannot keep zod's English locale alone: its module is not in the chunk that holds the " +
        "others: update scripts/zod_locales.ts",
    );
  }
  let rewritten = "";
  let from = 0;
  let replaced = 0;
  const dropped: string[] = [];
  for (const header of headers) {
    const start = header.index!;
    const module = moduleAt(chunk, start);
    const parts = header[1] === "en" || header[1] === "index" ? null : LOCALE_MODULE.exec(module);
    if (parts === null) continue;
    const [, comment, errorName, , defaultName] = parts;
    rewritten += chunk.slice(from, start) +
      `${comment}function ${defaultName}() {\n  return ${englishName}();\n}\n\n`;
    from = start + module.length;
    dropped.push(errorName);
    replaced++;
  }
  rewritten += chunk.slice(from);
  for (const name of dropped) {
    if (new RegExp(`\\b${name}\\b`).test(rewritten)) {
      throw new Error(
        `Cannot keep zod's English locale alone: "${name}" of a replaced locale is used elsewhere: ` +
          "update scripts/zod_locales.ts",
      );
    }
  }
  return { chunk: rewritten, replaced };
}

/** The module that starts at `start` (its `// path` comment), up to the next one or the end. */
function moduleAt(chunk: string, start: number): string {
  const next = chunk.indexOf("\n// ", start + 1);
  return next < 0 ? chunk.slice(start) : chunk.slice(start, next + 1);
}
