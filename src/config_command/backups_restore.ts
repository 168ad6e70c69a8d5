/**
 * `omn config backups restore NAME`: puts a backup back (the current config is backed up first).
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfigFile, registerConfigSecrets } from "../config/config_access.ts";

/** The inputs of `omn config backups restore`. */
export interface ConfigBackupsRestoreOptions {
  /** The backup's name, as `omn config backups list` shows it. */
  name: string;
}

/** Restores a backup and registers its secrets for redaction. */
export async function runConfigBackupsRestore(
  options: ConfigBackupsRestoreOptions,
  context: CliContext,
): Promise<void> {
  const { store } = await readConfigFile(context);
  const config = await store.restoreBackup(options.name);
  registerConfigSecrets(config);
  await auditChange(context, {
    command: "config backups restore",
    event: "config.restored",
    source: options.name,
  });
  context.io.message("info", `Restored ${options.name}; the previous config was backed up`);
}
