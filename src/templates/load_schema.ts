/**
 * `--schema FILE|JSON|-`: the JSON schema a reply must conform to, given
 * inline, on stdin (`-`, when the prompt comes from the arguments) or as a
 * file the permission set lets omn read.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import { readUserFile } from "../core/read_user_file.ts";
import { describeJsonError } from "../config/describe_json_error.ts";

/** Where `--schema -` reads from. */
export interface SchemaInput {
  /** Reads the whole of stdin. */
  readStdin: () => Promise<string>;
}

/**
 * Parses inline JSON (starting with `{`), reads stdin (`-`) or reads and
 * parses a file, then checks that it is a JSON Schema (exit 2 with the
 * validator's message otherwise), all before any request.
 */
export async function loadSchema(
  value: string,
  input?: SchemaInput,
): Promise<Record<string, unknown>> {
  let text = value;
  let source = "--schema";
  if (value === "-") {
    if (!input) throw new UsageError("--schema - reads the schema from stdin, which is not open");
    source = "from stdin";
    text = await input.readStdin();
  } else if (!value.trimStart().startsWith("{")) {
    source = `"${value}"`;
    text = await readUserFile(
      value,
      `pass it on stdin: omn ask --schema - "PROMPT" < ${value} (or inline: --schema "$(cat ${value})")`,
    );
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
  const { checkJsonSchema } = await import("./check_json_schema.ts");
  const problem = checkJsonSchema(schema);
  if (problem !== undefined) {
    throw new UsageError(`Invalid JSON Schema ${source}: ${problem}`);
  }
  return schema as Record<string, unknown>;
}
