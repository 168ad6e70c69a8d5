/**
 * The work of `omn config …`.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import {
  openConfigStore,
  readConfig,
  readConfigFile,
  registerConfigSecrets,
  selectedProfile,
} from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { maskSecret } from "../security/redact.ts";
import { canonicalProvider } from "../providers/registry.ts";
import {
  type Config,
  DEFAULT_PROFILE,
  emptyConfig,
  getConfigValue,
  isSecretField,
  maskConfig,
  setConfigValue,
  unsetConfigValue,
} from "../config/schema.ts";

/** Every `config` verb with its parsed inputs. */
export type ConfigRequest =
  | { verb: "init"; defaultProvider?: string; force: boolean }
  | { verb: "show"; json: boolean }
  | { verb: "get"; key: string; json: boolean }
  | { verb: "set"; key: string; value: string }
  | { verb: "unset"; key: string }
  | { verb: "path" }
  | { verb: "validate" }
  | { verb: "export"; includeSecrets: boolean }
  | { verb: "import"; source: string }
  | { verb: "backups-list"; json: boolean }
  | { verb: "backups-restore"; name: string };

const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

async function readSource(source: string, context: CliContext): Promise<string> {
  if (source === "-") return await new Response(context.io.stdin).text();
  try {
    return await Deno.readTextFile(source);
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

async function promptLine(context: CliContext, question: string): Promise<string> {
  context.io.message("info", question);
  const reader = context.io.stdin.pipeThrough(new TextDecoderStream()).getReader();
  let line = "";
  while (!line.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    line += value;
  }
  reader.releaseLock();
  return line.split("\n")[0].trim();
}

/** Runs one `config` verb. */
export async function runConfig(request: ConfigRequest, context: CliContext): Promise<void> {
  const { io } = context;
  switch (request.verb) {
    case "path": {
      await io.write(openConfigStore(context).paths.file + "\n");
      return;
    }
    case "init": {
      const profile = selectedProfile(context);
      if (profile.name !== DEFAULT_PROFILE) {
        throw new UsageError(
          `omn config init creates the config and its default profile, not "${profile.name}" ` +
            `(${profile.source}): add a profile with omn profiles add ${profile.name}`,
        );
      }
      const { store, exists } = await readConfigFile(context);
      if (exists && !request.force) {
        throw new RefusalError(
          `Config "${store.paths.file}" already exists: change it with omn config set, or pass --force to replace it (it is backed up first)`,
        );
      }
      let provider = request.defaultProvider;
      if (provider === undefined && io.stdinIsTerminal && io.stderrIsTerminal) {
        provider = await promptLine(
          context,
          "Default provider (e.g. mock, openai, anthropic; empty for none):",
        ) ||
          undefined;
      }
      const config: Config = emptyConfig();
      if (provider) config.default_provider = canonicalProvider(provider);
      await store.update(() => config, { reason: "init" });
      await auditChange(context, { command: "config init", event: "config.initialized" });
      io.message("info", `Created ${store.paths.file}`);
      return;
    }
    case "show": {
      const { config } = await readConfig(context);
      const masked = maskConfig(config, maskSecret);
      await io.write(request.json ? json(masked) : formatFlat(masked));
      return;
    }
    case "get": {
      const { config } = await readConfig(context);
      const shown = getConfigValue(maskConfig(config, maskSecret), request.key);
      if (shown === undefined) throw new UsageError(`Config key "${request.key}" is not set`);
      await io.write(request.json || typeof shown === "object" ? json(shown) : `${shown}\n`);
      return;
    }
    case "set": {
      const { store } = await readConfig(context);
      const field = request.key.split(".").at(-1) ?? "";
      if (isSecretField(field)) {
        throw new UsageError(
          `Cannot set "${request.key}" from the command line: arguments are visible to other users and saved in shell history; use omn keys set`,
        );
      }
      const value = request.key === "default_provider"
        ? canonicalProvider(request.value)
        : request.value;
      await store.update((config) => setConfigValue(config, request.key, value), {
        reason: `set ${request.key}`,
      });
      await auditChange(context, {
        command: "config set",
        event: "config.set",
        key: request.key,
        value,
      });
      return;
    }
    case "unset": {
      const { store } = await readConfig(context);
      await store.update((config) => unsetConfigValue(config, request.key), {
        reason: `unset ${request.key}`,
      });
      await auditChange(context, {
        command: "config unset",
        event: "config.unset",
        key: request.key,
      });
      return;
    }
    case "validate": {
      const { store, exists } = await readConfigFile(context);
      io.message(
        "info",
        exists
          ? `${store.paths.file} is valid`
          : `${store.paths.file} does not exist (defaults apply)`,
      );
      return;
    }
    case "export": {
      const { store } = await readConfigFile(context);
      if (request.includeSecrets && io.stdoutIsTerminal) {
        throw new RefusalError(
          "Refusing to print secrets to a terminal: redirect the export to a file (omn config export --include-secrets > backup.json)",
        );
      }
      const text = await store.exportConfig({ includeSecrets: request.includeSecrets });
      if (request.includeSecrets) {
        await auditChange(context, { command: "config export", event: "config.exported" });
        io.message(
          "warn",
          "The export contains secrets in plain text: keep the file private (chmod 600)",
        );
        const writer = io.rawStdout.getWriter();
        await writer.write(new TextEncoder().encode(text.endsWith("\n") ? text : text + "\n"));
        await writer.close();
      } else {
        await io.write(text.endsWith("\n") ? text : text + "\n");
      }
      return;
    }
    case "import": {
      const { store } = await readConfigFile(context);
      const text = await readSource(request.source, context);
      const config = await store.importConfig(
        text,
        request.source === "-" ? "<stdin>" : request.source,
      );
      registerConfigSecrets(config);
      await auditChange(context, {
        command: "config import",
        event: "config.imported",
        source: request.source === "-" ? "<stdin>" : request.source,
      });
      io.message(
        "info",
        `Imported ${
          request.source === "-" ? "stdin" : request.source
        }; the previous config was backed up`,
      );
      return;
    }
    case "backups-list": {
      const { store } = await readConfigFile(context);
      const backups = await store.listBackups();
      if (request.json) {
        await io.write(
          json(
            backups.map((backup) => ({ name: backup.name, time: backup.time, size: backup.size })),
          ),
        );
      } else if (backups.length === 0) {
        io.message("info", "No backups yet");
      } else {
        await io.write(
          backups.map((backup) =>
            `${backup.name}\t${backup.time.toISOString()}\t${backup.size} bytes\n`
          ).join(""),
        );
      }
      return;
    }
    case "backups-restore": {
      const { store } = await readConfigFile(context);
      const config = await store.restoreBackup(request.name);
      registerConfigSecrets(config);
      await auditChange(context, {
        command: "config backups restore",
        event: "config.restored",
        source: request.name,
      });
      io.message("info", `Restored ${request.name}; the previous config was backed up`);
      return;
    }
  }
}

/** `key = value` lines for every leaf of a config. */
function formatFlat(config: Config): string {
  const lines: string[] = [];
  const walk = (value: unknown, prefix: string) => {
    if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        walk(child, prefix ? `${prefix}.${key}` : key);
      }
    } else {
      lines.push(`${prefix} = ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
  };
  walk(config, "");
  return lines.join("\n") + "\n";
}
