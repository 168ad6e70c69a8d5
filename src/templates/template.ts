/**
 * Using a prompt template: the filling of its prompt and the merge with a
 * run's flags (the command line wins). Pure.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import type { Config } from "../config/schema.ts";
import { type ModelChoice, resolveModelChoice } from "../providers/model_choice.ts";
import type { Template } from "../config/template_schema.ts";

/** The placeholder of the piped text and the words in a template's prompt. */
export const INPUT_PLACEHOLDER = "{input}";

/**
 * The prompt a template makes of the run's input (piped text, then the
 * words): `{input}` replaced by it, or, without the placeholder, the
 * template's prompt followed by the input after a blank line.
 *
 * @throws {UsageError} when both are empty.
 */
export function fillPrompt(template: string, input: string): string {
  const filled = template.includes(INPUT_PLACEHOLDER)
    ? template.replaceAll(INPUT_PLACEHOLDER, () => input)
    : input === ""
    ? template
    : `${template}\n\n${input}`;
  if (filled.trim() === "") {
    throw new UsageError(
      "No prompt: the template's prompt is empty once filled; pass the input as an argument or on standard input",
    );
  }
  return filled;
}

/** The settings a run takes from its flags, in the shape templates fill in. */
export interface TemplateSettings {
  system?: string;
  temperature?: number;
  maxTokens?: number;
}

/** `flags` with what they leave unset taken from `template`: the command line wins. */
export function withTemplate<T extends TemplateSettings>(flags: T, template: Template): T {
  return {
    ...flags,
    system: flags.system ?? template.system,
    temperature: flags.temperature ?? template.temperature,
    maxTokens: flags.maxTokens ?? template.max_tokens,
  };
}

/**
 * The provider and model of a run with a template: those the flags choose
 * (`--provider`, or a `--model` alias or `PROVIDER/MODEL`) win; else the
 * template's provider, with `--model` if given, else the template's model.
 */
export function chooseWithTemplate(
  flags: { provider?: string; model?: string },
  template: Template | undefined,
  config: Config,
): ModelChoice {
  const chosen = resolveModelChoice(flags, config);
  if (template === undefined || chosen.provider !== undefined) return chosen;
  if (template.provider === undefined && template.model === undefined) return chosen;
  const fromTemplate = resolveModelChoice(
    { provider: template.provider, model: template.model },
    config,
  );
  return { provider: fromTemplate.provider, model: chosen.model ?? fromTemplate.model };
}

/** The template `name` of the config. @throws {UsageError} when there is none. */
export function findTemplate(config: Config, name: string): Template {
  const template = Object.hasOwn(config.templates ?? {}, name)
    ? config.templates![name]
    : undefined;
  if (template === undefined) {
    throw new UsageError(`No template "${name}": list them with omn templates list`);
  }
  return template;
}

/** The input a template's prompt is filled with: piped text, then the words, as `ask` joins them. */
export function templateInput(stdinText: string, words: readonly string[]): string {
  const instruction = words.join(" ").trim();
  const piped = stdinText.replace(/\s+$/, "");
  return piped && instruction ? `${piped}\n\n${instruction}` : piped || instruction;
}

/**
 * A batch item with its `"template"` applied: the item's own fields win,
 * then the template's; the prompt fills the template's `{input}`.
 */
export function expandBatchItem<
  T extends {
    prompt: string;
    system?: string;
    provider?: string;
    model?: string;
    temperature?: number;
    max_tokens?: number;
    template?: string;
  },
>(item: T, config: Config): T {
  if (item.template === undefined) return item;
  const template = findTemplate(config, item.template);
  const choice = chooseWithTemplate(item, template, config);
  const expanded: T = {
    ...item,
    prompt: template.prompt === undefined ? item.prompt : fillPrompt(template.prompt, item.prompt),
    system: item.system ?? template.system,
    temperature: item.temperature ?? template.temperature,
    max_tokens: item.max_tokens ?? template.max_tokens,
  };
  if (choice.provider !== undefined) expanded.provider = choice.provider;
  if (choice.model !== undefined) expanded.model = choice.model;
  return expanded;
}
