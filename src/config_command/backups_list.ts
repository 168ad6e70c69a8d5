/**
 * `omn config backups list`: the config backups, newest first as the store lists them.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { readConfigFile } from "../config/config_access.ts";
import { jsonText } from "./_json_text.ts";
import { formatList } from "../core/format_list.ts";

/** The inputs of `omn config backups list`. */
export interface ConfigBackupsListOptions {
  /** `--json`: print the list as JSON. */
  json: boolean;
}

/** Lists the backups: name, time and size. */
export async function runConfigBackupsList(
  options: ConfigBackupsListOptions,
  context: CliContext,
): Promise<void> {
  const { io } = context;
  const { store } = await readConfigFile(context);
  const backups = await store.listBackups();
  if (options.json) {
    await io.write(
      jsonText(
        backups.map((backup) => ({ name: backup.name, time: backup.time, size: backup.size })),
      ),
    );
  } else if (backups.length === 0) {
    io.message("info", "No backups yet");
  } else {
    await io.write(formatList({
      header: ["BACKUP", "TIME", "SIZE"],
      rows: backups.map((backup) => [
        backup.name,
        backup.time.toISOString(),
        `${backup.size} bytes`,
      ]),
      right: [2],
    }, { terminal: io.stdoutIsTerminal }));
  }
}
