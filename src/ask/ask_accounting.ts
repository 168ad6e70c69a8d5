/**
 * What `ask` does around its request besides the output: waits for the
 * provider's configured rate limits (shared with every other `omn` process),
 * appends one usage-ledger record, and audits secrets found in the prompt and
 * a key the provider rejected. Never prompt or reply text is kept. The rate
 * limiter is loaded only when the provider has limits (none by default).
 *
 * @module
 */
import { promptSecretsEvent } from "../audit/prompt_secrets_event.ts";
import type { CliContext } from "../core/context.ts";
import { AuthRejectedError } from "../core/errors.ts";
import type { Config } from "../config/schema.ts";
import { credentialFingerprint } from "../credentials/credential_fingerprint.ts";
import type { SourcesFor } from "../credentials/load_credential_sources.ts";
import { resolveCredentials } from "../credentials/resolve_credentials.ts";
import { providerEndpoint } from "../providers/provider_endpoint.ts";
import type { RateLimits } from "../net/rate_limiter.ts";
import { recordUsage } from "../usage/record_usage.ts";
import type { OnSecret } from "../providers/guard_request.ts";
import type { RunOutcome } from "./result_object.ts";

/** The fingerprint of the key a provider's requests carry (`"none"` without one). */
export function keyFingerprint(provider: string, sourcesFor: SourcesFor): string {
  return credentialFingerprint(resolveCredentials(provider, sourcesFor(provider)));
}

/** The host the provider's requests go to, never a full URL; `null` when there is none (mock). */
export function endpointHost(provider: string, config: Config, baseUrl?: string): string | null {
  const url = providerEndpoint(provider, config, baseUrl);
  try {
    return url ? new URL(url).host : null;
  } catch {
    return null;
  }
}

/** What one run needs to account for itself. */
export interface AccountingOptions {
  dir: string;
  provider: string;
  key: string;
  host: string | null;
  /** `--usage`: print the one-line summary on stderr. */
  showUsage: boolean;
  /** The provider's configured rate limits (none by default for `ask`). */
  limits: RateLimits;
  /** The config whose model prices win over the catalogue's in the ledger. */
  config?: Config;
}

/** The hooks `runAsk` calls. */
export function askAccounting(context: CliContext, options: AccountingOptions) {
  const limited = options.limits.requestsPerMinute !== undefined ||
    options.limits.tokensPerMinute !== undefined;
  const target = { provider: options.provider, fingerprint: options.key, limits: options.limits };
  let estimate = 0;
  return {
    async prompt(text: string, policy: OnSecret): Promise<void> {
      const event = promptSecretsEvent(text, policy, {
        command: "ask",
        provider: options.provider,
      });
      // The audit and summary modules load when a run needs them, not with every ask.
      if (event) await (await import("../audit/audit_change.ts")).auditChange(context, event);
      if (limited) {
        estimate = Math.ceil(text.length / 4);
        using watch = context.interrupts?.watch();
        const { rateLimiterFor } = await import("../net/rate_limiter.ts");
        await rateLimiterFor(options.dir, context.clock).acquire({
          ...target,
          tokens: estimate,
          signal: watch?.signal,
        });
      }
    },
    async finish(outcome: RunOutcome, error?: unknown): Promise<void> {
      if (limited && outcome.usage) {
        const { rateLimiterFor } = await import("../net/rate_limiter.ts");
        const used = outcome.usage.inputTokens + outcome.usage.outputTokens;
        await rateLimiterFor(options.dir, context.clock).settle({
          ...target,
          tokens: used - estimate,
        });
      }
      try {
        const record = await recordUsage(options.dir, {
          provider: outcome.provider,
          model: outcome.model,
          key: options.key,
          host: options.host,
          inputTokens: outcome.usage?.inputTokens ?? 0,
          outputTokens: outcome.usage?.outputTokens ?? 0,
          cachedInputTokens: outcome.usage?.cachedInputTokens ?? 0,
          durationMs: outcome.durationMs,
          error,
        }, { config: options.config });
        if (options.showUsage) {
          const { usageSummaryLine } = await import("../usage/usage_summary_line.ts");
          context.io.message("info", usageSummaryLine(record));
        }
      } catch (failure) {
        context.io.message("warn", `Could not record usage: ${(failure as Error).message}`);
      }
      if (error instanceof AuthRejectedError) {
        const { auditChange } = await import("../audit/audit_change.ts");
        await auditChange(context, {
          command: "ask",
          event: "auth.failed",
          provider: options.provider,
          fingerprint: options.key,
          host: options.host ?? undefined,
        });
      }
    },
  };
}
