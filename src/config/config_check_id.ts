/**
 * The identity of the config schema check, for the check stamp
 * (`check_stamp.ts`): a stamp vouches for a config only under the schema
 * that checked it.
 *
 * In the source it is a placeholder, which vouches for nothing: a run from
 * the source checks its config every time. The build writes in its place the
 * SHA-256 of the check's sources (`src/config/parse_config.ts`, which runs
 * the schema check, and every module it imports, `schema.ts` among them,
 * with the zod version of `deno.json`), so that a bundle or a
 * compiled binary with another schema trusts no stamp of this one
 * (`scripts/config_check_id.ts`).
 *
 * @module
 */

/** This omn's schema identity: the placeholder in the source, a SHA-256 in the bundle. */
export const CONFIG_CHECK_ID: string = "omn-config-check-id:source";

/** Whether `id` identifies a schema (a build's SHA-256), not the source's placeholder. */
export function isSchemaIdentity(id: string): boolean {
  return /^[0-9a-f]{64}$/.test(id);
}
