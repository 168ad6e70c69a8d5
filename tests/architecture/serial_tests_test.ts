/**
 * Test files run two at a time in one process (`deno test --parallel`), so a
 * file that changes the process's environment must be a `*_serial_test.ts`,
 * which `deno task test` runs alone afterwards.
 */
import assert from "node:assert/strict";

const CHANGES_ENVIRONMENT = /Deno\.env\.(?:set|delete)\(/;

async function testFiles(directory: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(directory)) {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory) files.push(...await testFiles(path));
    else if (path.endsWith(".ts")) files.push(path);
  }
  return files;
}

Deno.test("only *_serial_test.ts files change the process environment", async () => {
  const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  const offenders: string[] = [];
  let serial = 0;
  for (const path of await testFiles(root)) {
    if (path.endsWith("_serial_test.ts")) {
      serial++;
      continue;
    }
    if (path === new URL(import.meta.url).pathname) continue;
    if (CHANGES_ENVIRONMENT.test(await Deno.readTextFile(path))) offenders.push(path);
  }
  assert.deepEqual(offenders, [], "rename them *_serial_test.ts");
  assert.ok(serial > 0, "the serial files were found");
});
