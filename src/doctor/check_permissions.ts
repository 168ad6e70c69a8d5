/**
 * Doctor: the Deno permissions this process actually holds, queried at run
 * time (a query never prompts).
 *
 * @module
 */
import type { DoctorCheck } from "./doctor_check.ts";

/** Answers a permission query; `Deno.permissions.querySync` by default. */
export type PermissionQuery = (descriptor: Deno.PermissionDescriptor) => Deno.PermissionState;

/** What the permission set grants, and what it must not. */
const EXPECTED: readonly {
  name: Deno.PermissionName;
  /** Whether a scoped grant is expected (read, write, net, env) or none at all. */
  scoped: boolean;
  what: string;
}[] = [
  { name: "read", scoped: true, what: "the config directory and ./.env" },
  { name: "write", scoped: true, what: "the config directory" },
  { name: "net", scoped: true, what: "the provider hosts and loopback" },
  { name: "env", scoped: true, what: "the variables omn documents" },
  { name: "run", scoped: false, what: "subprocesses" },
  { name: "ffi", scoped: false, what: "native libraries" },
  { name: "sys", scoped: false, what: "system information" },
];

const FIX =
  'run omn as "deno task omn" or the binary built by "deno task compile", which apply its permission set';

/**
 * One item per permission: a blanket grant of read, write, net or env
 * fails (omn expects them scoped), and so does any blanket grant of run,
 * ffi or sys (omn needs none). Scoped read and write are also probed: the
 * config directory must be granted and `/` (or the drive root) must not.
 * Deno cannot list the scopes of a grant, so a partial grant of run, ffi or
 * sys to named programs or libraries is not seen.
 */
export function checkPermissions(
  configDir: string,
  query: PermissionQuery = (descriptor) => Deno.permissions.querySync(descriptor).state,
): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  const root = Deno.build.os === "windows" ? "C:\\" : "/";
  for (const { name, scoped, what } of EXPECTED) {
    const id = `permission.${name}`;
    if (query({ name } as Deno.PermissionDescriptor) === "granted") {
      checks.push({
        id,
        status: "fail",
        detail: scoped
          ? `${name} is granted without limits; omn needs it only for ${what}`
          : `${name} is granted; omn never needs ${what}`,
        fix: FIX,
      });
      continue;
    }
    if (name === "read" || name === "write") {
      const own = query({ name, path: configDir }) === "granted";
      const everything = query({ name, path: root }) === "granted";
      if (everything) {
        checks.push({ id, status: "fail", detail: `${name} is granted to ${root}`, fix: FIX });
      } else if (!own) {
        checks.push({
          id,
          status: "warn",
          detail: `${name} is not granted for the config directory ${configDir}`,
          fix:
            "point OMNIMANCER_HOME at the directory the permission set was built for, or rebuild",
        });
      } else {
        checks.push({ id, status: "pass", detail: `${name}: limited to ${what}` });
      }
      continue;
    }
    checks.push({
      id,
      status: "pass",
      detail: scoped ? `${name}: limited to ${what}` : `${name}: not granted`,
    });
  }
  return checks;
}
