/**
 * The work of `omn doctor`: the security checklist, each item pass, warn,
 * fail or unknown with its fix, and exit 1 on any failure.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { readConfigFile, selectedProfile } from "../config/config_access.ts";
import { ExitCode, SilentError } from "../core/errors.ts";
import { explainPermissionError } from "../core/permission_error.ts";
import { type ConfigPaths, configPaths } from "../config/paths.ts";
import { profileView } from "../config/profile_view.ts";
import { type Config, emptyConfig, maskConfig } from "../config/schema.ts";
import { loadCredentialSources } from "../credentials/load_credential_sources.ts";
import { checkDotenv } from "./check_dotenv.ts";
import {
  credentialEnvNames,
  isKnownProvider,
  PROVIDER_CREDENTIALS,
} from "../permissions/provider_credentials.ts";
import { openAlerts } from "../audit/open_alerts.ts";
import { summarizeAudit } from "../audit/summarize_audit.ts";
import { loggerOf } from "../log/start_logging.ts";
import { maskSecret } from "../security/redact.ts";
import { readUsage } from "../usage/read_usage.ts";
import { summarizeUsage } from "../usage/summarize_usage.ts";
import { versionJson } from "../version.ts";
import { checkEndpoints } from "./check_endpoints.ts";
import { checkFileModes } from "./check_file_modes.ts";
import { checkGitignore } from "./check_gitignore.ts";
import { checkKeySources } from "./check_key_sources.ts";
import { checkPermissions } from "./check_permissions.ts";
import { checkProfile } from "./check_profile.ts";
import { checkSecretFiles } from "./check_secret_files.ts";
import type { DoctorCheck, DoctorStatus } from "./doctor_check.ts";
import { listConfigFiles, writeDoctorReport } from "./write_doctor_report.ts";
import { checkProxies } from "./check_proxies.ts";
import { processProxySettings } from "../net/proxy_routing.ts";
import { isPermittedHost } from "../net/check_proxy.ts";

/** The inputs of `omn doctor`, parsed from its flags by `src/cli/commands/doctor.ts`. */
export interface DoctorOptions {
  json: boolean;
  report: boolean;
}

/** Runs one group of checks; an error becomes an item rather than ending the run. */
async function guarded(
  id: string,
  run: () => DoctorCheck[] | DoctorCheck | Promise<DoctorCheck[] | DoctorCheck>,
): Promise<DoctorCheck[]> {
  try {
    const result = await run();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    const refusal = explainPermissionError(error);
    const message = (refusal ?? error) instanceof Error
      ? (refusal ?? error as Error).message
      : String(error);
    return [{
      id,
      status: refusal ? "unknown" : "fail",
      detail: `could not check: ${message}`,
      fix: refusal ? "run omn doctor under a permission set that includes this path" : undefined,
    }];
  }
}

function counts(checks: readonly DoctorCheck[]): Record<DoctorStatus, number> {
  const result: Record<DoctorStatus, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const check of checks) result[check.status]++;
  return result;
}

/** The text form of the checklist: status, id, detail, and the fix on the next line. */
export function formatDoctorText(checks: readonly DoctorCheck[]): string {
  const width = Math.max(0, ...checks.map((check) => check.id.length));
  return checks.map((check) =>
    `${check.status.padEnd(7)}  ${check.id.padEnd(width)}  ${check.detail}\n` +
    (check.fix && check.status !== "pass" ? `${" ".repeat(9)}fix: ${check.fix}\n` : "")
  ).join("");
}

/** The config file's item and the selected profile's, with the config view the other items use. */
async function checkConfigAndProfile(
  context: CliContext,
  paths: ConfigPaths,
): Promise<{ checks: DoctorCheck[]; config: Config; profile: string | null }> {
  let file: Config | undefined;
  let config = emptyConfig();
  let profile: string | null = null;
  const checks = await guarded("config", async () => {
    const read = await readConfigFile(context);
    file = read.config;
    return {
      id: "config",
      status: "pass",
      detail: read.exists
        ? `${paths.file} is valid`
        : `${paths.file} does not exist (defaults apply)`,
    };
  });
  if (checks[0].status === "fail") {
    checks[0].fix =
      "omn config validate names the problem; omn config backups restore NAME brings back an earlier version";
  }
  checks.push(
    ...await guarded("profile", () => {
      const selected = selectedProfile(context);
      if (file === undefined) {
        return {
          id: "profile",
          status: "unknown",
          detail: `profile "${selected.name}" (from ${selected.source}): the config cannot be read`,
          fix: "fix the config first (see the config item)",
        };
      }
      const check = checkProfile(selected, file);
      if (check.status === "pass") {
        config = profileView(file, selected.name);
        profile = selected.name;
      }
      return check;
    }),
  );
  return { checks, config, profile };
}

/** The key items of every built-in provider and every custom one of the config. */
async function checkAllKeySources(
  context: CliContext,
  paths: ConfigPaths,
  config: Config,
  now: Date,
): Promise<DoctorCheck[] | DoctorCheck> {
  const sourcesFor = await loadCredentialSources(context, paths, config);
  const providers = [
    ...Object.keys(PROVIDER_CREDENTIALS),
    ...Object.keys(config.providers ?? {}).filter((id) => !isKnownProvider(id)),
  ];
  const found = checkKeySources(providers, sourcesFor, now);
  return found.length > 0
    ? found
    : { id: "key-source", status: "pass", detail: "no provider key found anywhere" };
}

/** One failing item per open audit alert, or one passing item when none is open. */
async function checkAuditAlerts(dir: string, now: Date): Promise<DoctorCheck[] | DoctorCheck> {
  const { alerts, since } = await openAlerts(dir, { now });
  if (alerts.length === 0) {
    return {
      id: "audit-alerts",
      status: "pass",
      detail: `no open audit alert since ${since.toISOString()}`,
    };
  }
  return alerts.map((alert): DoctorCheck => ({
    id: `audit-alerts.${alert.kind}`,
    status: "fail",
    detail: alert.message,
    fix:
      `review with omn audit; once handled, omn audit ack ${alert.id}; an alert closes settings.audit_alert_hours (24) after what raised it`,
  }));
}

/** Runs every check of the checklist for the context's config directory and working directory. */
export async function runChecks(
  context: CliContext,
): Promise<{ checks: DoctorCheck[]; config: Config; profile: string | null }> {
  const paths = configPaths(context.env);
  const now = context.now();
  const { checks, config, profile } = await checkConfigAndProfile(context, paths);
  checks.push(
    ...await guarded("key-source", () => checkAllKeySources(context, paths, config, now)),
    ...await guarded("file-modes", () => checkFileModes(paths)),
    ...await guarded(
      "endpoint",
      () =>
        checkEndpoints(
          config,
          (host) => Deno.permissions.querySync({ name: "net", host }).state === "granted",
        ),
    ),
    ...await guarded("proxy", () => checkProxies(processProxySettings(), isPermittedHost)),
    ...await guarded("gitignore", () => checkGitignore(context.cwd)),
    ...await guarded(
      "dotenv",
      () => checkDotenv({ cwd: context.cwd, configDir: paths.dir, config, env: context.env }),
    ),
    ...await guarded("secrets-in-files", () => checkSecretFiles(paths)),
    ...await guarded("audit-alerts", () => checkAuditAlerts(paths.dir, now)),
    ...await guarded("permission", () => checkPermissions(paths.dir)),
  );
  return { checks, config, profile };
}

/** Runs `omn doctor`; ends with exit 1 when any item fails. */
export async function runDoctor(flags: DoctorOptions, context: CliContext): Promise<void> {
  const { checks, config, profile } = await runChecks(context);
  const summary = counts(checks);
  const log = loggerOf(context);
  for (const check of checks) log.debug("doctor check", { ...check });
  let report: string | undefined;
  if (flags.report) {
    const paths = configPaths(context.env);
    const now = context.now();
    const [alerts, usage] = await Promise.all([
      openAlerts(paths.dir, { now }).catch(() => undefined),
      readUsage(paths.dir).catch(() => undefined),
    ]);
    report = await writeDoctorReport(paths, {
      generated: now.toISOString(),
      omn: JSON.parse(versionJson()),
      os: Deno.build.os,
      arch: Deno.build.arch,
      config_dir: paths.dir,
      profile,
      summary,
      checks,
      config: maskConfig(config, maskSecret),
      files: await listConfigFiles(paths.dir),
      audit: alerts ? { ...summarizeAudit(alerts.audit), alerts: alerts.alerts } : null,
      usage: usage ? summarizeUsage(usage.records, "provider") : null,
      credential_variables_set: credentialEnvNames().filter((name) =>
        (context.env(name) ?? "") !== ""
      ),
    }, now);
  }
  if (flags.json) {
    await context.io.write(
      JSON.stringify({ ok: summary.fail === 0, summary, checks, report }, null, 2) + "\n",
    );
  } else if (report) {
    await context.io.write(`${report}\n`);
  } else {
    await context.io.write(formatDoctorText(checks));
  }
  context.io.message(
    "info",
    `${summary.pass} pass, ${summary.warn} warn, ${summary.fail} fail, ${summary.unknown} unknown` +
      (report ? `; wrote a redacted diagnostic report to ${report}` : ""),
  );
  if (summary.fail > 0) throw new SilentError(ExitCode.Runtime);
}
