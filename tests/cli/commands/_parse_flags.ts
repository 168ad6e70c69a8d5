/**
 * Parses argv with a command whose action only captures its flags: the
 * "argv to options" half of a command's tests.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { CliContext } from "../../../src/core/context.ts";
import { memoryContext } from "../_memory_io.ts";

/** A command factory that takes an injectable action receiving the parsed flags. */
type Factory<F> = (
  context: CliContext,
  action: (flags: F) => Promise<void>,
) => {
  exitOverride(): {
    configureOutput(
      output: { writeErr: (text: string) => void; writeOut: (text: string) => void },
    ): {
      parseAsync(argv: string[], options: { from: "user" }): Promise<unknown>;
    };
  };
};

/** The flags `factory`'s command parses from `argv` (throws commander's error on bad input). */
export async function parseFlags<F>(factory: Factory<F>, argv: string[]): Promise<F> {
  let parsed: F | undefined;
  const command = factory(memoryContext(), (flags) => {
    parsed = flags;
    return Promise.resolve();
  }).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync(argv, { from: "user" });
  assert.ok(parsed, "the action ran");
  return parsed;
}
