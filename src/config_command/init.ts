/**
 * `omn config init`: creates the config file and its default profile.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfigFile, selectedProfile } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { canonicalProvider } from "../providers/registry.ts";
import type { Config } from "../config/schema.ts";
import { DEFAULT_PROFILE, emptyConfig } from "../config/config_constants.ts";

/** The inputs of `omn config init`. */
export interface ConfigInitOptions {
  /** `--default-provider`; asked on a terminal when absent. */
  defaultProvider?: string;
  /** `--force`: replace an existing config (it is backed up first). */
  force: boolean;
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

/** Creates the config file, refusing to replace one without `force`. */
export async function runConfigInit(
  options: ConfigInitOptions,
  context: CliContext,
): Promise<void> {
  const { io } = context;
  const profile = selectedProfile(context);
  if (profile.name !== DEFAULT_PROFILE) {
    throw new UsageError(
      `omn config init creates the config and its default profile, not "${profile.name}" ` +
        `(${profile.source}): add a profile with omn profiles add ${profile.name}`,
    );
  }
  const { store, exists } = await readConfigFile(context);
  if (exists && !options.force) {
    throw new RefusalError(
      `Config "${store.paths.file}" already exists: change it with omn config set, or pass --force to replace it (it is backed up first)`,
    );
  }
  let provider = options.defaultProvider;
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
}
