/**
 * Checks a reply against the `--schema` it was asked to follow.
 *
 * @module
 */
import { Validator } from "@cfworker/json-schema";
import { ProviderError } from "../core/errors.ts";
import { withErrorType } from "../core/error_type.ts";

/** Throws (exit 1) with the validation error when `text` is not JSON conforming to `schema`. */
export function checkReplySchema(text: string, schema: Record<string, unknown>): void {
  const json = text.trim().replace(/^```(?:json)?\s*\n([\s\S]*)\n```$/, "$1");
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw withErrorType(
      new ProviderError("The reply does not conform to --schema: it is not JSON"),
      "schema_mismatch",
    );
  }
  const result = new Validator(
    schema as ConstructorParameters<typeof Validator>[0],
    "2020-12",
    false,
  ).validate(value);
  if (!result.valid) {
    const detail = result.errors
      .filter((error) =>
        error.keyword !== "properties" && error.keyword !== "items" && error.keyword !== "allOf"
      )
      .concat(result.errors)
      .slice(0, 3)
      .map((error) => `${error.instanceLocation}: ${error.error}`);
    throw withErrorType(
      new ProviderError(
        `The reply does not conform to --schema: ${[...new Set(detail)].join("; ")}`,
      ),
      "schema_mismatch",
    );
  }
}
