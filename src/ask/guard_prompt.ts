/**
 * Scans a prompt before it leaves the machine: secrets in it are masked
 * (`redact`), refused (`block`) or sent as they are (`allow`), and the
 * caller is told their kinds.
 *
 * @module
 */
import { RefusalError } from "../cli/errors.ts";
import { findSecrets, redact } from "../security/redact.ts";

/** What to do with secrets found in an outgoing prompt. */
export type OnSecret = "redact" | "block" | "allow";

/** The prompt to send and the warning to show, if any. */
export interface GuardedPrompt {
  text: string;
  kinds: string[];
  warning?: string;
}

/** Applies the `--on-secret` policy to one outgoing text. */
export function guardPrompt(text: string, policy: OnSecret): GuardedPrompt {
  const kinds = [...new Set(findSecrets(text).map((finding) => finding.kind))];
  const masked = redact(text);
  if (kinds.length === 0 && masked === text) return { text, kinds };
  const named = kinds.length > 0 ? kinds.join(", ") : "known secret";
  if (policy === "block") {
    throw new RefusalError(
      `Prompt not sent: it contains secrets (${named}); remove them or pass --on-secret redact`,
    );
  }
  if (policy === "allow") {
    return {
      text,
      kinds,
      warning: `The prompt contains secrets (${named}); sending them as asked by --on-secret allow`,
    };
  }
  return { text: masked, kinds, warning: `Masked secrets in the prompt before sending (${named})` };
}
