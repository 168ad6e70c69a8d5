/**
 * Recording a change a command made, without letting a failure to record
 * it undo or hide the change itself.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { configPaths } from "../config/paths.ts";
import { loggerOf } from "../log/start_logging.ts";
import { appendAudit } from "./append_audit.ts";
import type { AuditEvent } from "./audit_record.ts";
import { selectedProfile } from "../config/config_access.ts";
import { explainPermissionError } from "../core/permission_error.ts";

/** The run's profile; none when its name is invalid (that error is the command's to report). */
function runProfile(context: CliContext): string | undefined {
  try {
    return selectedProfile(context).name;
  } catch {
    return undefined;
  }
}

/**
 * Appends `event` to the audit log of the context's config directory. The
 * change it records has already happened, so a failure to append is a
 * warning on stderr, not an error.
 */
export async function auditChange(context: CliContext, event: AuditEvent): Promise<void> {
  try {
    const record = await appendAudit(configPaths(context.env).dir, {
      ...event,
      profile: event.profile ?? runProfile(context),
    }, { now: context.now });
    loggerOf(context).debug("audit event recorded", { ...record });
  } catch (error) {
    loggerOf(context).error("audit event not recorded", {
      event: event.event,
      error: error instanceof Error ? error.message : String(error),
    });
    // A permission refusal is said in omn's words, never Deno's "run again with --allow-…".
    const reason = explainPermissionError(error)?.message ??
      (error instanceof Error ? error.message : String(error));
    context.io.message("warn", `Could not record "${event.event}" in the audit log: ${reason}`);
  }
}
