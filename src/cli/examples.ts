/**
 * The "Examples:" section of a command's help. Every example is run by
 * `tests/e2e/help_examples_test.ts`, so they cannot rot: keep them runnable
 * offline (the `mock` provider, files the test prepares).
 *
 * @module
 */

/** The help text to add after a command's options. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join("\n")}`;
}
