import assert from "node:assert/strict";
import { englishZodLocales, holdsZodLocales } from "../../scripts/zod_locales.ts";

const ROOT = "// ../../root/.cache/deno/npm/registry.npmjs.org/zod/4.6.7/v4";

/** A locale module as deno bundle writes zod's. */
function locale(name: string, error: string, body: string): string {
  return [
    `${ROOT}/locales/${name}.js`,
    `var ${error} = () => {`,
    `  return (issue) => ${JSON.stringify(body)};`,
    "};",
    `function ${name.replace("-", "")}_default() {`,
    "  return {",
    `    localeError: ${error}()`,
    "  };",
    "}",
    "",
  ].join("\n");
}

const EN = locale("en", "error", "Invalid input");
const AR = locale("ar", "error2", "\\u0645\\u062F\\u062E\\u0644");
const PT_BR = locale("pt-BR", "error3", "Entrada inv\\u00E1lida");
/** A locale that is another's (zod's `ua` is `uk`): not the usual shape, left as it is. */
const UA = `${ROOT}/locales/ua.js\nfunction ua_default() {\n  return uk_default();\n}\n`;
const INDEX = `${ROOT}/locales/index.js\nvar locales_exports = {};\n`;

Deno.test("zod's locales but English return the English one; their messages are gone", () => {
  const chunk = `${ROOT}/core/util.js\nvar x = 1;\n\n${EN}\n${AR}\n${UA}\n${PT_BR}\n${INDEX}` +
    "export {\n  x\n};\n";
  const { chunk: rewritten, replaced } = englishZodLocales(chunk);
  assert.equal(replaced, 2);
  assert.ok(rewritten.includes(EN), "English as it was");
  assert.ok(rewritten.includes(UA), "a locale of another shape as it was");
  assert.ok(rewritten.includes(INDEX));
  assert.ok(
    rewritten.includes(
      `${ROOT}/locales/ar.js\nfunction ar_default() {\n  return en_default();\n}\n`,
    ),
    rewritten,
  );
  assert.ok(rewritten.includes("function ptBR_default() {\n  return en_default();\n}"));
  assert.doesNotMatch(rewritten, /u0645|inv\\u00E1lida|error2|error3/);
  assert.ok(rewritten.startsWith(`${ROOT}/core/util.js\nvar x = 1;\n`));
  assert.ok(rewritten.endsWith("export {\n  x\n};\n"));
});

Deno.test("a chunk without zod's locales is left as it is", () => {
  const chunk = `${ROOT}/core/util.js\nvar x = 1;\n`;
  assert.deepEqual(englishZodLocales(chunk), { chunk, replaced: 0 });
});

Deno.test("no English locale, or a replaced locale's messages used elsewhere, fail the build", () => {
  assert.throws(
    () => englishZodLocales(`${AR}\n${INDEX}`),
    /Cannot keep zod's English locale alone: its module is not in the chunk/,
  );
  assert.throws(
    () => englishZodLocales(`${EN}var reused = error2();\n\n${AR}\n${INDEX}`),
    /"error2" of a replaced locale is used elsewhere/,
  );
});

Deno.test("a locale module with another top-level statement is left as it is (review: it was cut away)", () => {
  const shared = AR.replace(
    "function ar_default",
    "var sharedTable = {\n  a: 1\n};\nfunction ar_default",
  );
  const chunk = `${EN}\n${shared}\n${INDEX}console.log(sharedTable.a);\n`;
  assert.deepEqual(englishZodLocales(chunk), { chunk, replaced: 0 });
});

Deno.test("zod's locales are found from a node_modules folder too, not only Deno's npm cache", () => {
  const root = "// node_modules/.deno/zod@4.6.7/node_modules/zod/v4";
  const chunk = `${EN}\n${AR}`.replaceAll(ROOT, root);
  assert.ok(holdsZodLocales(chunk));
  assert.equal(englishZodLocales(chunk).replaced, 1);
  assert.ok(!holdsZodLocales(`${ROOT}/core/util.js\nvar x = 1;\n`));
});
