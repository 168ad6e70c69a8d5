/**
 * `omn keys set PROVIDER`: stores a key (hidden prompt or `--stdin`), or
 * secret references (`--ref`) instead of a value.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { UsageError } from "../core/errors.ts";
import { storeKey } from "./store_key.ts";
import { storeReferences } from "./store_references.ts";

/** The inputs of `omn keys set`. */
export interface KeysSetOptions {
  provider: string;
  /** `--stdin`: read the key from stdin instead of a hidden prompt. */
  stdin: boolean;
  /** `--ref`: secret references to store instead of a value. */
  refs?: string[];
  /** `--encrypt` (true) or `--no-encrypt` (false); absent: as the config says. */
  encrypt?: boolean;
}

/** Stores a key or its references; `--ref` with `--encrypt` is a usage error. */
export async function runKeysSet(options: KeysSetOptions, context: CliContext): Promise<void> {
  if (options.refs !== undefined && options.refs.length > 0) {
    if (options.encrypt === true) {
      throw new UsageError("Choose --ref or --encrypt: a reference is not a secret");
    }
    return await storeReferences(
      { provider: options.provider, refs: options.refs, stdin: options.stdin },
      context,
    );
  }
  return await storeKey(
    { provider: options.provider, stdin: options.stdin, rotate: false, encrypt: options.encrypt },
    context,
  );
}
