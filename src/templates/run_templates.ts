/**
 * The work of `omn templates`: add, list, show and remove the prompt
 * templates kept under `templates` in the config file, through the config
 * store (locked, backed up, atomic, 0600). A template that holds a secret is
 * refused before anything is written.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { formatList } from "../core/format_list.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { loadSchema } from "./load_schema.ts";
import { canonicalProvider } from "../providers/registry.ts";
import { findSecrets } from "../security/redact.ts";
import { type Template, TEMPLATE_NAME_PATTERN } from "../config/template_schema.ts";

/** Every `templates` verb with its parsed inputs. */
export type TemplatesRequest =
  | {
    verb: "add";
    name: string;
    system?: string;
    prompt?: string;
    provider?: string;
    model?: string;
    temperature?: number;
    maxTokens?: number;
    /** Inline JSON or a file name. */
    schema?: string;
    force: boolean;
  }
  | { verb: "list"; json: boolean }
  | { verb: "show"; name: string }
  | { verb: "rm"; names: string[] };

/** Runs one `templates` request. */
export async function runTemplates(request: TemplatesRequest, context: CliContext): Promise<void> {
  const { io } = context;
  const { store, config } = await readConfig(context);
  const templates = config.templates ?? {};
  // Own names only: a template may be named toString or constructor.
  const named = (name: string) => Object.hasOwn(templates, name) ? templates[name] : undefined;
  switch (request.verb) {
    case "add": {
      checkTemplateName(request.name);
      if (request.system === undefined && request.prompt === undefined) {
        throw new UsageError(
          `Cannot add template "${request.name}": give --system, --prompt or both`,
        );
      }
      if (named(request.name) !== undefined && !request.force) {
        throw new UsageError(
          `Template "${request.name}" exists: pass --force to replace it, or choose another name`,
        );
      }
      const template: Template = {};
      if (request.system !== undefined) template.system = request.system;
      if (request.prompt !== undefined) template.prompt = request.prompt;
      if (request.provider !== undefined) {
        template.provider = canonicalProvider(request.provider, config);
      }
      if (request.model !== undefined) template.model = request.model;
      if (request.temperature !== undefined) template.temperature = request.temperature;
      if (request.maxTokens !== undefined) template.max_tokens = request.maxTokens;
      if (request.schema !== undefined) template.schema = await loadSchema(request.schema);
      refuseSecrets(request.name, template);
      await store.update(
        (current) => ({
          ...current,
          templates: { ...current.templates, [request.name]: template },
        }),
        { reason: `templates add ${request.name}` },
      );
      io.message("info", `Saved template "${request.name}"`);
      return;
    }
    case "list": {
      if (request.json) return await io.write(`${JSON.stringify(templates, null, 2)}\n`);
      const names = Object.keys(templates).sort();
      if (names.length === 0) {
        return io.message("info", "No templates: add one with omn templates add NAME --system …");
      }
      await io.write(formatList({
        header: ["NAME", "MODEL", "SCHEMA", "PROMPT"],
        rows: names.map((name) => [name, ...describe(templates[name])]),
      }, { terminal: io.stdoutIsTerminal }));
      return;
    }
    case "show": {
      checkTemplateName(request.name);
      const template = named(request.name);
      if (template === undefined) throw missing(request.name);
      await io.write(`${JSON.stringify(template, null, 2)}\n`);
      return;
    }
    case "rm": {
      for (const name of request.names) {
        checkTemplateName(name);
        if (named(name) === undefined) throw missing(name);
      }
      await store.update((current) => {
        const next = { ...current.templates };
        for (const name of request.names) delete next[name];
        const { templates: _, ...rest } = current;
        return Object.keys(next).length === 0 ? rest : { ...rest, templates: next };
      }, { reason: `templates rm ${request.names.join(" ")}` });
      for (const name of request.names) io.message("info", `Removed template "${name}"`);
      return;
    }
  }
}

/** @throws {UsageError} when `name` is not a template name. */
export function checkTemplateName(name: string): void {
  if (!TEMPLATE_NAME_PATTERN.test(name)) {
    throw new UsageError(
      `Invalid template name "${name}": use 1 to 64 letters, digits, ".", "_" and "-"`,
    );
  }
}

/** The error of a template the config does not have. */
export function missing(name: string): UsageError {
  return new UsageError(`No template "${name}": list them with omn templates list`);
}

/** @throws {RefusalError} naming the kinds (never the values) of the secrets a template holds. */
function refuseSecrets(name: string, template: Template): void {
  const text = [
    name,
    ...Object.values(template).map((value) =>
      typeof value === "string" ? value : JSON.stringify(value)
    ),
  ].join("\n");
  const kinds = [...new Set(findSecrets(text).map((finding) => finding.kind))];
  if (kinds.length > 0) {
    throw new RefusalError(
      `Refusing template "${name}": it holds secrets (${
        kinds.join(", ")
      }); remove them, a template is stored and sent as it is`,
    );
  }
}

/** A template's cells: its provider and model, whether it has a schema, the start of its prompt or system prompt. */
function describe(template: Template): [string, string, string] {
  const model = template.provider && template.model
    ? `${template.provider}/${template.model}`
    : template.provider ?? template.model ?? "-";
  const text = (template.prompt ?? template.system ?? "").replace(/\s+/g, " ").trim();
  const start = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return [model, template.schema ? "schema" : "-", start];
}
