/**
 * The audit event of secrets found in an outgoing prompt.
 *
 * @module
 */
import { findSecrets } from "../security/redact.ts";
import type { AuditEvent } from "./audit_record.ts";

/** What `--on-secret` did with them. */
const ACTIONS = { redact: "masked", block: "blocked", allow: "allowed" } as const;

/**
 * The `prompt.secrets` event for an outgoing text, or `undefined` when it
 * holds no secret: each secret's kind and fingerprint, never its value, and
 * what the policy did (`masked`, `blocked`, `allowed`). Call it with the
 * text as it was before `guardRequest` masked it.
 *
 * @example
 * ```ts
 * import { promptSecretsEvent } from "./prompt_secrets_event.ts";
 * promptSecretsEvent("no secret here", "redact", { command: "ask" }); // undefined
 * ```
 */
export function promptSecretsEvent(
  text: string,
  policy: keyof typeof ACTIONS,
  context: { command: string; provider?: string },
): AuditEvent | undefined {
  const secrets = findSecrets(text).map(({ kind, fingerprint }) => ({ kind, fingerprint }));
  if (secrets.length === 0) return undefined;
  return {
    command: context.command,
    event: "prompt.secrets",
    provider: context.provider,
    action: ACTIONS[policy],
    secrets,
  };
}
