/**
 * Assertions that canary secrets reach no output or file they must not.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readTree } from "./_workspace.ts";

/** Asserts that no canary (nor its first 24 characters) appears in any of the texts. */
export function assertNoCanary(texts: Record<string, string>, canaries: readonly string[]): void {
  for (const [where, text] of Object.entries(texts)) {
    for (const canary of canaries) {
      assert.ok(!text.includes(canary), `canary found in ${where}`);
      assert.ok(!text.includes(canary.slice(0, 24)), `canary prefix found in ${where}`);
    }
  }
}

/** Asserts that no file under `dir` holds a canary, except the files `allowed` names. */
export async function assertNoCanaryInTree(
  dir: string,
  canaries: readonly string[],
  allowed: (path: string) => boolean = () => false,
): Promise<void> {
  const files = await readTree(dir).catch(() => new Map<string, string>());
  const checked: Record<string, string> = {};
  for (const [path, text] of files) if (!allowed(path)) checked[path] = text;
  assertNoCanary(checked, canaries);
}
