/**
 * The work of `omn providers` and `omn providers test`.
 *
 * @module
 */
import { formatList } from "../core/format_list.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { AuthRejectedError, ExitCode, SilentError } from "../core/errors.ts";
import type { Config } from "../config/schema.ts";
import { checkCredentialSet } from "../credentials/key_formats.ts";
import { loadCredentialSources, type SourcesFor } from "../credentials/load_credential_sources.ts";
import { providerCredentials } from "../permissions/provider_credentials.ts";
import { resolveCredentials } from "../credentials/resolve_credentials.ts";
import { providerEndpoint } from "../providers/provider_endpoint.ts";
import { trySourcesFor, unreadableRefusal } from "../credentials/try_sources_for.ts";
import {
  shadowedByDotenv,
  type ShadowedSource,
  shadowNote,
} from "../credentials/dotenv_shadowing.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { maskSecret, registerSecret } from "../security/redact.ts";
import { describeRetry, type RetryEvent } from "../net/retrying_fetch.ts";
import {
  canonicalProvider,
  createModel,
  PROVIDER_IDS,
  type ProviderId,
  PROVIDERS,
} from "../providers/registry.ts";

/** Every `providers` verb with its parsed inputs. */
export type ProvidersRequest =
  | { verb: "list"; json: boolean }
  | { verb: "test"; name?: string; json: boolean; timeoutMs?: number };

/** One credential of a provider, as `omn providers` shows it. */
export interface CredentialView {
  field: string;
  source: string;
  variable?: string;
  /** Masked for secrets; the value itself for settings such as the region. */
  value: string;
  fingerprint?: string;
  /** The stored credential that this one, from `./.env`, hides. */
  shadows?: ShadowedSource;
}

/** One row of `omn providers`. */
export interface ProviderView {
  id: string;
  label: string;
  configured: boolean;
  missing: string[];
  credentials: CredentialView[];
  endpoint: string | null;
  format: "ok" | string;
  custom: boolean;
  /** Why its stored credentials could not be read (a wrong passphrase, a failed secret reference). */
  error?: string;
}

function allProviders(config: Config): string[] {
  const custom = Object.entries(config.providers ?? {})
    .filter(([id, entry]) => !(PROVIDER_IDS as readonly string[]).includes(id) && entry.base_url)
    .map(([id]) => id);
  return [...PROVIDER_IDS, ...custom];
}

/** What `omn providers` shows of one provider. */
export function describeProvider(id: string, config: Config, sourcesFor: SourcesFor): ProviderView {
  const spec = providerCredentials(id);
  const custom = !(PROVIDER_IDS as readonly string[]).includes(id);
  const label = custom ? `custom endpoint` : PROVIDERS[id as ProviderId].label;
  const endpoint = providerEndpoint(id, config) ?? null;
  const read = trySourcesFor(sourcesFor, id);
  if ("error" in read) {
    return {
      id,
      label,
      configured: false,
      missing: [],
      credentials: [],
      endpoint,
      format: "ok",
      custom,
      error: read.error.message,
    };
  }
  const resolved = resolveCredentials(id, read.sources);
  const credentials: CredentialView[] = [];
  const values: Record<string, string> = {};
  const shadowed = shadowedByDotenv(id, read.sources, resolved.fields);
  for (const field of spec.fields) {
    const found = resolved.fields[field.field];
    if (!found) continue;
    values[field.field] = found.value;
    if (field.secret) registerSecret(found.value, `${id}/${field.field}`);
    credentials.push({
      field: field.field,
      source: found.source,
      variable: found.variable,
      value: field.secret ? maskSecret(found.value) : found.value,
      fingerprint: field.secret ? fingerprint(found.value) : undefined,
      ...(shadowed[field.field] === undefined ? {} : { shadows: shadowed[field.field] }),
    });
  }
  const check = checkCredentialSet(id, values);
  const missing = custom ? [] : resolved.missing;
  return {
    id,
    label,
    configured: missing.length === 0,
    missing,
    credentials,
    endpoint,
    format: check.ok ? "ok" : check.rule,
    custom,
  };
}

/**
 * The one state of a provider's row: unreadable, not configured (and what is
 * missing), a key of the wrong format, configured, or configured with no key
 * needed.
 */
export function providerState(view: ProviderView): string {
  if (view.error !== undefined) return `unreadable: ${view.error}`;
  if (view.missing.length > 0) return `not configured: missing ${view.missing.join(", ")}`;
  if (view.format !== "ok") return `key format wrong: ${view.format}`;
  if (view.endpoint === null && view.id !== "mock") {
    return `not configured: no endpoint (omn config set providers.${view.id}.base_url URL)`;
  }
  return view.credentials.length === 0 ? "configured (no key needed)" : "configured";
}

function formatViews(views: ProviderView[], terminal: boolean): string {
  const rows = views.map((view) => [
    view.id,
    providerState(view),
    view.endpoint ?? "-",
    view.credentials.map((credential) =>
      `${credential.field}=${credential.value}${
        credential.fingerprint ? ` ${credential.fingerprint}` : ""
      } from ${
        credential.variable ? `${credential.source} ${credential.variable}` : credential.source
      }${credential.shadows === undefined ? "" : ` (${shadowNote(credential.shadows)})`}`
    ).join("; ") || "-",
  ]);
  return formatList({ header: ["PROVIDER", "STATE", "ENDPOINT", "CREDENTIALS"], rows }, {
    terminal,
  });
}

/** One result of `omn providers test`. */
export interface ProviderTestResult {
  id: string;
  ok: boolean;
  rejected: boolean;
  message?: string;
}

async function testProvider(
  id: string,
  config: Config,
  sourcesFor: SourcesFor,
  timeoutMs: number | undefined,
  onRetry: (event: RetryEvent) => void,
  fetch?: typeof globalThis.fetch,
): Promise<ProviderTestResult> {
  try {
    const model = await createModel({
      provider: id,
      config,
      sourcesFor,
      fetch,
      timeoutMs,
      network: { onRetry },
    });
    for await (
      const _event of model.stream({
        messages: [{ role: "user", content: "Reply with OK." }],
        maxTokens: 16,
      })
    ) {
      // drain: the request passed if the stream ends without an error
    }
    return { id, ok: true, rejected: false };
  } catch (error) {
    return {
      id,
      ok: false,
      rejected: error instanceof AuthRejectedError,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Runs one `providers` verb. */
export async function runProviders(request: ProvidersRequest, context: CliContext): Promise<void> {
  const { store, config, profile } = await readConfig(context);
  const sourcesFor = await loadCredentialSources(context, store.paths, config);
  if (request.verb === "list") {
    const views = allProviders(config).map((id) => describeProvider(id, config, sourcesFor));
    if (!request.json) context.io.message("info", `Profile: ${profile}`);
    await context.io.write(
      request.json
        ? JSON.stringify(views.map((view) => ({ ...view, profile })), null, 2) + "\n"
        : formatViews(views, context.io.stdoutIsTerminal),
    );
    const unreadable = views.flatMap((view) => view.error === undefined ? [] : [view.error]);
    // The other providers are listed; the command still fails (exit 3) with the first reason.
    if (unreadable.length > 0) throw unreadableRefusal(unreadable);
    return;
  }
  const targets = request.name === undefined
    ? allProviders(config).filter((id) => {
      if (id === "mock" || id === "ollama") return false;
      // A provider whose stored key cannot be read is tested too: it fails with the reason.
      const view = describeProvider(id, config, sourcesFor);
      return view.configured || view.error !== undefined;
    })
    : [canonicalProvider(request.name, config)];
  if (targets.length === 0) {
    context.io.message(
      "info",
      "No provider is configured: set a key (omn keys set NAME) or name one (omn providers test ollama)",
    );
    return;
  }
  const results: ProviderTestResult[] = [];
  for (const id of targets) {
    const result = await testProvider(
      id,
      config,
      sourcesFor,
      request.timeoutMs ?? config.settings?.timeout_ms,
      (event) => context.io.message("info", describeRetry(event)),
      context.fetch,
    );
    results.push(result);
    if (!request.json) {
      await context.io.write(
        `${id}\t${result.ok ? "pass" : result.rejected ? "rejected" : "fail"}${
          result.message ? `\t${result.message}` : ""
        }\n`,
      );
    }
  }
  if (request.json) await context.io.write(JSON.stringify(results, null, 2) + "\n");
  if (results.some((result) => result.rejected)) throw new SilentError(ExitCode.AuthRejected);
  if (results.some((result) => !result.ok)) throw new SilentError(ExitCode.Runtime);
}
