/**
 * The work of `omn config …`: a thin dispatcher to one file per verb.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { type ConfigBackupsListOptions, runConfigBackupsList } from "./backups_list.ts";
import { type ConfigBackupsRestoreOptions, runConfigBackupsRestore } from "./backups_restore.ts";
import { type ConfigExportOptions, runConfigExport } from "./export.ts";
import { type ConfigGetOptions, runConfigGet } from "./get.ts";
import { type ConfigImportOptions, runConfigImport } from "./import.ts";
import { type ConfigInitOptions, runConfigInit } from "./init.ts";
import { runConfigPath } from "./path.ts";
import { type ConfigSetOptions, runConfigSet } from "./set.ts";
import { type ConfigShowOptions, runConfigShow } from "./show.ts";
import { type ConfigUnsetOptions, runConfigUnset } from "./unset.ts";
import { runConfigValidate } from "./validate.ts";

/** Every `config` verb with its parsed inputs. */
export type ConfigRequest =
  | { verb: "init" } & ConfigInitOptions
  | { verb: "show" } & ConfigShowOptions
  | { verb: "get" } & ConfigGetOptions
  | { verb: "set" } & ConfigSetOptions
  | { verb: "unset" } & ConfigUnsetOptions
  | { verb: "path" }
  | { verb: "validate" }
  | { verb: "export" } & ConfigExportOptions
  | { verb: "import" } & ConfigImportOptions
  | { verb: "backups-list" } & ConfigBackupsListOptions
  | { verb: "backups-restore" } & ConfigBackupsRestoreOptions;

/** Runs one `config` verb. */
export async function runConfig(request: ConfigRequest, context: CliContext): Promise<void> {
  switch (request.verb) {
    case "init":
      return await runConfigInit(request, context);
    case "show":
      return await runConfigShow(request, context);
    case "get":
      return await runConfigGet(request, context);
    case "set":
      return await runConfigSet(request, context);
    case "unset":
      return await runConfigUnset(request, context);
    case "path":
      return await runConfigPath(context);
    case "validate":
      return await runConfigValidate(context);
    case "export":
      return await runConfigExport(request, context);
    case "import":
      return await runConfigImport(request, context);
    case "backups-list":
      return await runConfigBackupsList(request, context);
    case "backups-restore":
      return await runConfigBackupsRestore(request, context);
  }
}
