import assert from "node:assert/strict";
import { measureFiles, measureFunctions } from "../../scripts/report_functions.ts";

Deno.test("report_functions measures every kind of function by its syntax tree, and every file", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-report-functions-" });
  try {
    const body = (lines: number) =>
      Array.from({ length: lines }, (_, index) => `  const v${index} = "}";`).join("\n");
    await Deno.mkdir(`${root}/nested`);
    await Deno.writeTextFile(
      `${root}/nested/sample.ts`,
      [
        `export function declared() {\n${body(3)}\n}`, // 5 lines
        `export const arrow = () => {\n${body(8)}\n};`, // 10 lines
        `export class Holder {\n  method() {\n${body(1)}\n  }\n}`, // method: 3 lines
        "",
      ].join("\n"),
    );
    const functions = await measureFunctions(root);
    const byName = new Map(
      functions.map((item) => [item.name.replace(/^.*:\d+ /, ""), item.lines]),
    );
    assert.equal(byName.get("declared"), 5);
    assert.equal(byName.get("arrow"), 10);
    assert.equal(byName.get("method"), 3);
    const files = await measureFiles(root);
    assert.deepEqual(files, [{ name: `${root}/nested/sample.ts`, lines: 20 }]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
