/**
 * The work of `omn models`: the built-in catalogue, and with `--refresh` the
 * provider's live list of ids, cached in the config directory.
 *
 * @module
 */
import { join } from "node:path";
import { formatList } from "../core/format_list.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { UsageError } from "../core/errors.ts";
import { ensurePrivateDir } from "../config/ensure_private_dir.ts";
import { writeFileAtomic } from "../config/write_file_atomic.ts";
import { loadCredentialSources } from "../credentials/load_credential_sources.ts";
import { registerResolvedSecrets } from "../credentials/register_resolved_secrets.ts";
import { requireCredentials, requireCustomKeyFormat } from "../credentials/require_credentials.ts";
import { resolveCredentials } from "../credentials/resolve_credentials.ts";
import { refuseSharedEnvKey } from "../credentials/refuse_shared_env_key.ts";
import { createSecureFetch } from "../net/secure_fetch.ts";
import { createRetryingFetch, describeRetry } from "../net/retrying_fetch.ts";
import { registerSecret } from "../security/redact.ts";
import { readPrivateFile } from "../config/open_private_file.ts";
import { type CatalogModel, catalogModels } from "../providers/catalog.ts";
import { listLiveModels, LIVE_LISTS } from "../providers/list_live_models.ts";
import { canonicalProvider, isCustomProvider } from "../providers/registry.ts";
import { providerEndpoint } from "../providers/provider_endpoint.ts";

/** The inputs of `omn models`, parsed from its flags by `src/cli/commands/models.ts`. */
export interface ModelsOptions {
  provider?: string;
  json: boolean;
  refresh: boolean;
}

/** The cache of live lists: provider → ids and when they were fetched. */
type LiveCache = Record<string, { fetched_at: string; ids: string[] }>;

async function readCache(path: string): Promise<LiveCache> {
  try {
    const read = await readPrivateFile(path, { label: "model list cache" });
    return read === undefined ? {} : JSON.parse(new TextDecoder().decode(read.bytes));
  } catch {
    return {};
  }
}

/** Fetches the provider's live list of model ids and caches it in the config directory. */
async function refreshLiveList(
  provider: string | undefined,
  cache: { path: string; lists: LiveCache },
  configRead: Awaited<ReturnType<typeof readConfig>>,
  context: CliContext,
): Promise<void> {
  const { store, config } = configRead;
  if (!provider) {
    throw new UsageError("--refresh asks one provider: omn models PROVIDER --refresh");
  }
  const custom = isCustomProvider(provider, config);
  if (!custom && !Object.hasOwn(LIVE_LISTS, provider)) {
    throw new UsageError(
      `${provider} has no model-list endpoint that omn uses: the catalogue is all there is`,
    );
  }
  const endpoint = providerEndpoint(provider, config);
  const sourcesFor = await loadCredentialSources(context, store.paths, config, {
    providers: [provider],
  });
  const credentials = resolveCredentials(provider, sourcesFor(provider));
  registerResolvedSecrets(credentials, registerSecret);
  if (custom) {
    refuseSharedEnvKey(credentials, Object.keys(config.providers ?? {}));
    requireCustomKeyFormat(credentials);
  } else {
    requireCredentials(credentials);
  }
  const ids = await listLiveModels(
    provider,
    endpoint!,
    credentials,
    createRetryingFetch({
      provider,
      fetch: createSecureFetch({ provider, fetch: context.fetch }),
      onRetry: (event) => context.io.message("info", describeRetry(event)),
    }),
  );
  cache.lists[provider] = { fetched_at: context.now().toISOString(), ids };
  await ensurePrivateDir(store.paths.dir);
  await writeFileAtomic(cache.path, JSON.stringify(cache.lists, null, 2) + "\n", { mode: 0o600 });
}

/** The table rows: catalogue models, then live ids, then aliases. */
function modelRows(
  catalog: readonly CatalogModel[],
  live: LiveCache,
  aliases: Record<string, string>,
): string[][] {
  const rows = catalog.map((model) => [
    model.provider,
    model.id,
    String(model.context),
    String(model.input),
    String(model.output),
    model.cachedInput === undefined ? "-" : String(model.cachedInput),
    "catalogue",
  ]);
  for (const [id, list] of Object.entries(live)) {
    for (const model of list.ids) {
      rows.push([id, model, "-", "-", "-", "-", `live ${list.fetched_at}`]);
    }
  }
  for (const [name, target] of Object.entries(aliases).sort()) {
    const slash = target.indexOf("/");
    rows.push([
      target.slice(0, slash),
      target.slice(slash + 1),
      "-",
      "-",
      "-",
      "-",
      `alias ${name}`,
    ]);
  }
  return rows;
}

/** Runs `omn models`. */
export async function runModels(flags: ModelsOptions, context: CliContext): Promise<void> {
  const configRead = await readConfig(context);
  const { store, config } = configRead;
  const provider = flags.provider === undefined
    ? undefined
    : canonicalProvider(flags.provider, config);
  const cachePath = join(store.paths.dir, "models-cache.json");
  const cache = await readCache(cachePath);
  if (flags.refresh) {
    await refreshLiveList(provider, { path: cachePath, lists: cache }, configRead, context);
  }
  const catalog: CatalogModel[] = catalogModels().filter((model) =>
    !provider || model.provider === provider
  );
  const live = Object.fromEntries(
    Object.entries(cache).filter(([id]) => !provider || id === provider),
  );
  const aliases = Object.fromEntries(
    Object.entries(config.model_aliases ?? {}).filter(([, target]) =>
      !provider || target.startsWith(`${provider}/`)
    ),
  );
  if (flags.json) {
    const models = catalog.map((model) => ({
      provider: model.provider,
      id: model.id,
      context: model.context,
      input: model.input,
      output: model.output,
      cached_input: model.cachedInput ?? null,
    }));
    await context.io.write(JSON.stringify({ catalog: models, live, aliases }, null, 2) + "\n");
    return;
  }
  await context.io.write(formatList({
    header: ["PROVIDER", "MODEL", "CONTEXT", "INPUT $/M", "OUTPUT $/M", "CACHED $/M", "SOURCE"],
    rows: modelRows(catalog, live, aliases),
    right: [2, 3, 4, 5],
  }, { terminal: context.io.stdoutIsTerminal }));
}
