/**
 * The work of `omn trust`, `omn trust --list` and `omn untrust`: changing
 * `trusted_directories` of the config file through the config store (under
 * its lock, atomically, 0600, with a backup and an audit record).
 *
 * @module
 */
import { isAbsolute, normalize, resolve } from "node:path";
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfigFile } from "../config/config_access.ts";
import { UsageError } from "../core/errors.ts";
import {
  dotenvTrust,
  TRUST_DOTENV_VARIABLE,
  trustedDirectories,
  withoutTrustedDirectory,
  withTrustedDirectory,
} from "../credentials/trusted_directories.ts";

/** Every trust verb with its parsed inputs. */
export type TrustRequest =
  | { verb: "trust"; dir?: string; json: boolean }
  | { verb: "list"; json: boolean }
  | { verb: "untrust"; dir?: string; json: boolean };

const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

/**
 * The directory a trust verb names, as an absolute path: the working
 * directory by default (the OS reports it with links resolved); otherwise
 * `dir` resolved against it, with links resolved where the permission set
 * lets omn look at it, and as written, unchecked, where it does not (then
 * `note` says so: under the release permission set omn may read only
 * `./.env` and its config directory).
 *
 * @throws {UsageError} when `dir` does not exist or is not a directory.
 */
export async function trustTarget(
  dir: string | undefined,
  cwd: string,
): Promise<{ path: string; note?: string }> {
  if (dir === undefined || dir === "") return { path: cwd };
  const absolute = normalize(isAbsolute(dir) ? dir : resolve(cwd, dir));
  if (absolute === cwd) return { path: cwd };
  try {
    const real = await Deno.realPath(absolute);
    if (!(await Deno.stat(real)).isDirectory) {
      throw new UsageError(`Cannot trust "${dir}": it is not a directory`);
    }
    return { path: real };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`Cannot trust "${dir}": no such directory`);
    }
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      return {
        path: absolute,
        note: `omn's permission set does not let it look at "${absolute}", so it is kept ` +
          "as written, unchecked: if it is missing or goes through a symbolic link, " +
          "run omn trust from inside the directory instead",
      };
    }
    throw error;
  }
}

/** Runs one trust verb. */
export async function runTrust(request: TrustRequest, context: CliContext): Promise<void> {
  switch (request.verb) {
    case "list":
      return await listTrusted(request, context);
    case "trust":
      return await trust(request, context);
    case "untrust":
      return await untrust(request, context);
  }
}

async function listTrusted(request: { json: boolean }, context: CliContext): Promise<void> {
  const { config } = await readConfigFile(context);
  const directories = trustedDirectories(config);
  const trust = dotenvTrust(context.cwd, config, context.env);
  if (request.json) {
    await context.io.write(json({
      trusted_directories: directories,
      working_directory: context.cwd,
      working_directory_trusted: trust !== undefined,
      trusted_by: trust ?? null,
    }));
    return;
  }
  if (directories.length > 0) await context.io.write(directories.join("\n") + "\n");
  if (trust === TRUST_DOTENV_VARIABLE) {
    context.io.message(
      "info",
      `${TRUST_DOTENV_VARIABLE} is set: ./.env is read in every directory`,
    );
  } else if (directories.length === 0) {
    context.io.message("info", `No trusted directories: trust this one with omn trust`);
  }
}

async function trust(request: { dir?: string; json: boolean }, context: CliContext) {
  const target = await trustTarget(request.dir, context.cwd);
  if (target.note !== undefined) context.io.message("warn", target.note);
  const { store } = await readConfigFile(context);
  let added = false;
  await store.update((config) => {
    added = !trustedDirectories(config).includes(target.path);
    return withTrustedDirectory(config, target.path);
  }, { reason: `trust ${target.path}` });
  if (added) {
    await auditChange(context, {
      command: "trust",
      event: "config.set",
      key: "trusted_directories",
    });
  }
  if (request.json) await context.io.write(json({ trusted: target.path, added }));
  context.io.message(
    "info",
    added
      ? `Trusted "${target.path}": omn now uses the credentials of its ./.env`
      : `"${target.path}" was already trusted`,
  );
}

async function untrust(request: { dir?: string; json: boolean }, context: CliContext) {
  const { store, config } = await readConfigFile(context);
  const candidates = [(await trustTarget(request.dir, context.cwd).catch(() => undefined))?.path];
  if (request.dir !== undefined) {
    candidates.push(
      normalize(isAbsolute(request.dir) ? request.dir : resolve(context.cwd, request.dir)),
    );
  }
  const path = candidates.find((candidate) =>
    candidate !== undefined && trustedDirectories(config).includes(candidate)
  );
  if (path === undefined) {
    if (request.json) await context.io.write(json({ untrusted: null, removed: false }));
    context.io.message(
      "info",
      `"${candidates.find((candidate) => candidate !== undefined) ?? request.dir}" is not ` +
        `trusted: omn trust --list shows the trusted directories`,
    );
    return;
  }
  await store.update((current) => withoutTrustedDirectory(current, path), {
    reason: `untrust ${path}`,
  });
  await auditChange(context, {
    command: "untrust",
    event: "config.unset",
    key: "trusted_directories",
  });
  if (request.json) await context.io.write(json({ untrusted: path, removed: true }));
  context.io.message(
    "info",
    `No longer trusting "${path}": omn ignores the credentials of its ./.env`,
  );
}
