/**
 * `omn config export`: the config as JSON on stdout, secrets masked unless asked.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfigFile } from "../config/config_access.ts";
import { RefusalError } from "../core/errors.ts";

/** The inputs of `omn config export`. */
export interface ConfigExportOptions {
  /** `--include-secrets`: secrets in plain text (refused on a terminal, audited). */
  includeSecrets: boolean;
}

/** Prints the config; with secrets only to a file or pipe, written past the redactor. */
export async function runConfigExport(
  options: ConfigExportOptions,
  context: CliContext,
): Promise<void> {
  const { io } = context;
  const { store } = await readConfigFile(context);
  if (options.includeSecrets && io.stdoutIsTerminal) {
    throw new RefusalError(
      "Refusing to print secrets to a terminal: redirect the export to a file (omn config export --include-secrets > backup.json)",
    );
  }
  const text = await store.exportConfig({ includeSecrets: options.includeSecrets });
  const line = text.endsWith("\n") ? text : text + "\n";
  if (!options.includeSecrets) {
    await io.write(line);
    return;
  }
  await auditChange(context, { command: "config export", event: "config.exported" });
  io.message(
    "warn",
    "The export contains secrets in plain text: keep the file private (chmod 600)",
  );
  const writer = io.rawStdout.getWriter();
  await writer.write(new TextEncoder().encode(line));
  await writer.close();
}
