/**
 * `--schema FILE|JSON`: the JSON schema a reply must conform to, given
 * inline or as a file the permission set lets omn read.
 *
 * @module
 */
import { RefusalError, UsageError } from "../cli/errors.ts";

/** Parses inline JSON (starting with `{`) or reads and parses a file. */
export async function loadSchema(value: string): Promise<Record<string, unknown>> {
  let text = value;
  let source = "--schema";
  if (!value.trimStart().startsWith("{")) {
    source = `"${value}"`;
    try {
      text = await Deno.readTextFile(value);
    } catch (error) {
      if (
        error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied
      ) {
        throw new RefusalError(
          `Cannot read the schema ${source}: omn may read only its config directory and ./.env; pass it inline: --schema "$(cat ${value})"`,
        );
      }
      if (error instanceof Deno.errors.NotFound) {
        throw new UsageError(`Cannot read the schema ${source}: no such file`);
      }
      throw error;
    }
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Cannot parse the schema ${source}: ${(error as Error).message}`);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new UsageError(`Invalid schema ${source}: expected a JSON object`);
  }
  return schema as Record<string, unknown>;
}
