/**
 * Help text of an option that states its default once: commander's
 * `(default: …)` is left out when the description already says it, or when
 * the default is a switch's `false`.
 *
 * @module
 */
import { Help, type Option } from "@commander-js/extra-typings";

const DEFAULT_IN_TEXT = /\(default[:\s]/i;

/**
 * The description of `option` as the help shows it, its default said once.
 *
 * @example
 * ```ts
 * import { Option } from "@commander-js/extra-typings";
 * import { optionDescription } from "./option_description.ts";
 * optionDescription(new Option("--ordered", "input order (default: as they finish)").default(false));
 * // "input order (default: as they finish)"
 * ```
 */
export function optionDescription(option: Option): string {
  const helper = new Help();
  const stated = DEFAULT_IN_TEXT.test(option.description) || option.defaultValue === false;
  if (!stated) return helper.optionDescription(option);
  const quiet = Object.create(option) as Option;
  quiet.defaultValue = undefined;
  quiet.defaultValueDescription = undefined;
  return helper.optionDescription(quiet);
}
