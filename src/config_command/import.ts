/**
 * `omn config import SOURCE`: replaces the config with a file or stdin (`-`).
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfigFile, registerConfigSecrets } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { resolveUserFile } from "../core/resolve_user_file.ts";

/** The inputs of `omn config import`. */
export interface ConfigImportOptions {
  /** A file name, or `-` for stdin. */
  source: string;
}

async function readSource(source: string, context: CliContext): Promise<string> {
  if (source === "-") return await new Response(context.io.stdin).text();
  try {
    return await Deno.readTextFile(resolveUserFile(source));
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      throw new RefusalError(
        `Cannot read "${source}": omn may read only its config directory and ./.env; import it through stdin: omn config import - < "${source}"`,
      );
    }
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`Cannot read "${source}": no such file`);
    }
    throw error;
  }
}

/** Imports a config (the previous one is backed up) and registers its secrets for redaction. */
export async function runConfigImport(
  options: ConfigImportOptions,
  context: CliContext,
): Promise<void> {
  const { store } = await readConfigFile(context);
  const text = await readSource(options.source, context);
  const config = await store.importConfig(
    text,
    options.source === "-" ? "<stdin>" : options.source,
  );
  registerConfigSecrets(config);
  await auditChange(context, {
    command: "config import",
    event: "config.imported",
    source: options.source === "-" ? "<stdin>" : options.source,
  });
  context.io.message(
    "info",
    `Imported ${
      options.source === "-" ? "stdin" : options.source
    }; the previous config was backed up`,
  );
}
