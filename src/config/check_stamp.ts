/**
 * The check stamp: `.config-check` in the config directory records that the
 * text of `config.json` with a given SHA-256 passed the schema check of a
 * given schema (`CONFIG_CHECK_ID`), so that the commands that only read the
 * config (`ask`, `chat`, `batch`) skip loading zod and the schema when the
 * file has not changed since (about 40 ms of every such run with a config
 * file).
 *
 * The stamp holds no part of the config, only the identities: a line
 * `<CONFIG_CHECK_ID> <sha256 of the text> deno-<Deno's version>`. It is
 * trusted as far as `config.json` itself: the same directory, read the same
 * way (never through a link, never a file others can write or another user
 * owns: refused like `config.json`). Anyone who could write a false stamp could
 * write the config it vouches for.
 *
 * @module
 */
import { join } from "node:path";
import { sha256Hex } from "../security/sha256.ts";
import { readPrivateFile } from "./open_private_file.ts";
import { writeFileAtomic } from "./write_file_atomic.ts";
import { CONFIG_CHECK_ID } from "./config_check_id.ts";

/** The stamp's name in the config directory. */
export const CHECK_STAMP_NAME = ".config-check";

/** The largest stamp read: one line of three identities. */
const MAX_STAMP_BYTES = 512;

/**
 * The stamp's text for a config text that passed the check of this omn's
 * schema under this Deno (`runtime`): zod's URL check and the schema's
 * `base_url` and endpoint checks are those of Deno's URL parser, which
 * another Deno (a newer compiled omn of the same schema, or the bundle under
 * an upgraded `deno`) may answer otherwise.
 */
export function checkStampText(
  configText: string,
  checkId: string = CONFIG_CHECK_ID,
  runtime: string = Deno.version.deno,
): string {
  return `${checkId} ${sha256Hex(configText)} deno-${runtime}\n`;
}

/** The check stamp of one config directory. */
export class CheckStamp {
  /** The stamp's path. */
  readonly path: string;
  #uid: () => Promise<number | null>;
  #checkId: string;

  /**
   * `uid` is the user's id for the owner check (`currentUid`); `checkId`
   * the schema's identity (tests give another).
   */
  constructor(dir: string, uid: () => Promise<number | null>, checkId: string = CONFIG_CHECK_ID) {
    this.path = join(dir, CHECK_STAMP_NAME);
    this.#uid = uid;
    this.#checkId = checkId;
  }

  /**
   * Whether the stamp vouches for `configText`: the same schema, the same
   * text. A missing stamp, or one of another text or schema, gives `false`.
   *
   * @throws {RefusalError} when the stamp is unsafe (a link, others can
   * write it, another user owns it), as `config.json` would be.
   */
  async vouchesFor(configText: string): Promise<boolean> {
    const read = await readPrivateFile(this.path, {
      uid: await this.#uid(),
      label: "config check stamp",
      maxBytes: MAX_STAMP_BYTES,
    });
    if (read === undefined) return false;
    return new TextDecoder().decode(read.bytes) === checkStampText(configText, this.#checkId);
  }

  /** Removes the stamp, if any (best effort: a stamp left vouches only for the old text). */
  async remove(): Promise<void> {
    await Deno.remove(this.path).catch(() => {});
  }

  /**
   * Records that `configText` passed the check. Best effort: a stamp that
   * cannot be written only means the next run checks again.
   */
  async record(configText: string): Promise<void> {
    try {
      await writeFileAtomic(this.path, checkStampText(configText, this.#checkId));
    } catch {
      // The check runs again next time; nothing is lost.
    }
  }
}
