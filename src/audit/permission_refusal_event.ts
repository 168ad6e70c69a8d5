/**
 * The audit event of a Deno permission refusal.
 *
 * @module
 */
import type { AuditEvent } from "./audit_record.ts";

const REQUIRES = /Requires (\w+) access to "?([^",]+)"?/;

/**
 * The `permission.refused` event for an error, or `undefined` when the
 * error is not a permission refusal (`Deno.errors.NotCapable` or
 * `PermissionDenied`). The permission and its target come from Deno's
 * message (`Requires read access to "/etc/passwd"`); the message itself is
 * not kept.
 *
 * @example
 * ```ts
 * import { permissionRefusalEvent } from "./permission_refusal_event.ts";
 * permissionRefusalEvent(new Deno.errors.NotCapable('Requires net access to "example.com:443"'), "ask");
 * // { command: "ask", event: "permission.refused", permission: "net", target: "example.com:443" }
 * ```
 */
export function permissionRefusalEvent(error: unknown, command: string): AuditEvent | undefined {
  if (!(error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied)) {
    return undefined;
  }
  const match = REQUIRES.exec(error.message);
  return {
    command,
    event: "permission.refused",
    permission: match?.[1] ?? "unknown",
    target: match?.[2] ?? "unknown",
  };
}
