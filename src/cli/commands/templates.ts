/**
 * `omn templates add|list|show|rm`: named prompts and settings, used with
 * `ask -T NAME`, `chat -T NAME` and a batch item's `"template"`.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { examples } from "../examples.ts";
import { parseMaxTokens, parseTemperature } from "./ask.ts";
import type { TemplatesRequest } from "../../templates/run_templates.ts";

/** Runs a parsed `templates` request. */
export type TemplatesAction = (request: TemplatesRequest, context: CliContext) => Promise<void>;

async function defaultAction(request: TemplatesRequest, context: CliContext): Promise<void> {
  const { runTemplates } = await import("../../templates/run_templates.ts");
  await runTemplates(request, context);
}

/** `templates` as the root's help lists it: its name, description and arguments. */
export function templatesHead() {
  return new Command("templates")
    .description("named prompts and settings for ask -T, chat -T and batch items");
}

/** Declares `templates` and its verbs. */
export function templatesCommand(context: CliContext, action: TemplatesAction = defaultAction) {
  const run = (request: TemplatesRequest) => action(request, context);
  const templates = templatesHead()
    .addHelpText(
      "after",
      `
Templates are kept under "templates" in the config file (written like the
rest of it: locked, backed up, atomic, 0600) and scanned for secrets when
saved. In --prompt, {input} stands for the piped text and the words given.
${
        examples(
          'omn templates add french --system "Answer in French" --provider mock',
          "omn templates list",
          'echo "good morning" | omn ask -T french',
        )
      }`,
    );
  templates.command("add")
    .description("save a template (--force replaces one of the same name)")
    .argument("<template>", "its name: letters, digits, ., _ and -")
    .option("-s, --system <text>", "system prompt")
    .option("--prompt <text>", "the prompt; {input} stands for the piped text and the words")
    .option("--provider <name>", "provider")
    .option("-m, --model <id>", "model (an alias or PROVIDER/MODEL too)")
    .option("-t, --temperature <number>", "sampling temperature, 0 to 2", parseTemperature)
    .option("--max-tokens <count>", "most tokens in the reply", parseMaxTokens)
    .option("--schema <json-or-file>", "the JSON schema the reply must conform to")
    .option("--force", "replace a template of the same name", false)
    .addHelpText(
      "after",
      examples(
        'omn templates add jq --prompt "Write a jq filter that {input}" --provider mock',
        'omn templates add titles --prompt "A title for: {input}" --schema "$(cat schema.json)" --provider mock',
      ),
    )
    .action((name, options) =>
      run({
        verb: "add",
        name,
        system: options.system,
        prompt: options.prompt,
        provider: options.provider,
        model: options.model,
        temperature: options.temperature,
        maxTokens: options.maxTokens,
        schema: options.schema,
        force: options.force,
      })
    );
  templates.command("list")
    .description("list the templates")
    .option("--json", "print JSON", false)
    .addHelpText("after", examples("omn templates list", "omn templates list --json"))
    .action((options) => run({ verb: "list", json: options.json }));
  templates.command("show")
    .description("print one template as JSON")
    .argument("<template>", "its name")
    .addHelpText("after", examples("omn templates show french", "omn templates show jq"))
    .action((name) => run({ verb: "show", name }));
  templates.command("rm")
    .description("remove templates")
    .argument("<template...>", "their names")
    .addHelpText("after", examples("omn templates rm titles", "omn templates rm jq"))
    .action((names) => run({ verb: "rm", names }));
  return templates;
}
