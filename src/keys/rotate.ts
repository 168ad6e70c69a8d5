/**
 * `omn keys rotate PROVIDER`: replaces a stored key; the old one is purged from every backup.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { storeKey } from "./store_key.ts";

/** The inputs of `omn keys rotate`. */
export interface KeysRotateOptions {
  provider: string;
  /** `--stdin`: read the new key from stdin instead of a hidden prompt. */
  stdin: boolean;
  /** `--encrypt` (true) or `--no-encrypt` (false); absent: as the config says. */
  encrypt?: boolean;
}

/** Replaces the stored key of a provider; refuses when none is stored. */
export async function runKeysRotate(
  options: KeysRotateOptions,
  context: CliContext,
): Promise<void> {
  await storeKey(
    { provider: options.provider, stdin: options.stdin, rotate: true, encrypt: options.encrypt },
    context,
  );
}
