/**
 * The work of `omn keys …`: a thin dispatcher to one file per verb. A stored
 * key that is replaced or removed is purged from every config backup too.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { decryptAllKeys } from "./decrypt_all_keys.ts";
import { encryptAllKeys } from "./encrypt_all_keys.ts";
import { type KeysListOptions, runKeysList } from "./list.ts";
import { type KeysRemoveOptions, runKeysRemove } from "./remove.ts";
import { revokeKey, type RevokeRequest } from "./revoke_key.ts";
import { type KeysRotateOptions, runKeysRotate } from "./rotate.ts";
import { type KeysSetOptions, runKeysSet } from "./set.ts";

/** Every `keys` verb with its parsed inputs. */
export type KeysRequest =
  | { verb: "set" } & KeysSetOptions
  | { verb: "rotate" } & KeysRotateOptions
  | { verb: "remove" } & KeysRemoveOptions
  | { verb: "list" } & KeysListOptions
  | { verb: "encrypt" }
  | { verb: "decrypt" }
  | { verb: "revoke" } & RevokeRequest;

/** Runs one `keys` verb. */
export async function runKeys(request: KeysRequest, context: CliContext): Promise<void> {
  switch (request.verb) {
    case "set":
      return await runKeysSet(request, context);
    case "rotate":
      return await runKeysRotate(request, context);
    case "remove":
      return await runKeysRemove(request, context);
    case "list":
      return await runKeysList(request, context);
    case "encrypt":
      return await encryptAllKeys(context);
    case "decrypt":
      return await decryptAllKeys(context);
    case "revoke":
      return await revokeKey({ provider: request.provider, json: request.json }, context);
  }
}
