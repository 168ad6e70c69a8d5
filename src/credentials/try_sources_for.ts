/**
 * A provider's credential sources for commands that show every provider
 * (`keys list`, `providers`): a key that cannot be read (a wrong passphrase,
 * a secret reference that failed) is one row's error, not the whole
 * command's.
 *
 * @module
 */
import { OmnError, RefusalError } from "../core/errors.ts";
import type { SourcesFor } from "./load_credential_sources.ts";
import type { CredentialSources } from "./resolve_credentials.ts";

/** `provider`'s sources, or the error that reading them ended with (any other error is thrown). */
export function trySourcesFor(
  sourcesFor: SourcesFor,
  provider: string,
): { sources: CredentialSources } | { error: OmnError } {
  try {
    return { sources: sourcesFor(provider) };
  } catch (error) {
    if (error instanceof OmnError) return { error };
    throw error;
  }
}

/**
 * How a listing that went on past unreadable keys fails in the end (exit 3):
 * with the first reason, and how many more there were.
 */
export function unreadableRefusal(reasons: readonly string[]): RefusalError {
  const others = reasons.length - 1;
  return new RefusalError(
    `${reasons[0]}${
      others > 0 ? ` (and ${others} more unreadable key${others === 1 ? "" : "s"})` : ""
    }`,
  );
}
