/**
 * Whether a run could find stored secrets at all: the config file, the
 * config directory's `.env` or `./.env` exists (as any kind of entry). A
 * cheap check that lets `omn redact` skip loading the config modules when
 * there is nothing to load.
 *
 * @module
 */
import { join } from "node:path";
import { configPaths } from "../config/paths.ts";

/** Whether any of the files stored secrets come from exists (without following symlinks). */
export async function hasStoredSecretFiles(
  env: (name: string) => string | undefined,
  cwd: string,
): Promise<boolean> {
  const paths = configPaths(env);
  const present = await Promise.all(
    [paths.file, paths.dotenv, join(cwd, ".env")].map((path) =>
      Deno.lstat(path).then(() => true, (error) => !(error instanceof Deno.errors.NotFound))
    ),
  );
  return present.includes(true);
}
