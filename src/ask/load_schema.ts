/**
 * `--schema FILE|JSON`: the JSON schema a reply must conform to, given
 * inline or as a file the permission set lets omn read.
 *
 * @module
 */
import { UsageError } from "../cli/errors.ts";
import { readUserFile } from "../cli/read_user_file.ts";
import { describeJsonError } from "../config/describe_json_error.ts";

/** Parses inline JSON (starting with `{`) or reads and parses a file. */
export async function loadSchema(value: string): Promise<Record<string, unknown>> {
  let text = value;
  let source = "--schema";
  if (!value.trimStart().startsWith("{")) {
    source = `"${value}"`;
    text = await readUserFile(value, `pass it inline: --schema "$(cat ${value})"`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Cannot parse the schema ${source}: ${describeJsonError(text, error)}`);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new UsageError(`Invalid schema ${source}: expected a JSON object`);
  }
  return schema as Record<string, unknown>;
}
