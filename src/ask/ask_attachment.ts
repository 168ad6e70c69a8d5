/**
 * The attachment of one `omn ask --attach-type`: the flags it needs checked
 * first, then the provider's support and stdin's bytes, all before any
 * credential is looked up or any request is made.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import type { Io } from "../core/io.ts";
import type { Config } from "../config/schema.ts";
import { type ProviderId, PROVIDERS } from "../providers/registry.ts";
import { ATTACH_EXAMPLE, type Attachment, type AttachTypeFlag } from "./attachment_types.ts";
import { wantsStdin } from "./read_prompt.ts";

/** The flags of `ask` that bear on an attachment. */
export interface AttachFlags {
  words: string[];
  attachType?: AttachTypeFlag;
  schema?: string;
}

/**
 * Checks what `--attach-type` needs before anything is read: a prompt in
 * the arguments, stdin for the file alone, and stdin not a terminal.
 *
 * @throws {UsageError} (exit 2) naming the problem and the command that works.
 */
export function checkAttachFlags(flags: AttachFlags, stdinIsTerminal: boolean): void {
  if (flags.attachType === undefined) return;
  if (flags.schema === "-") {
    throw new UsageError(
      `--attach-type reads the file from stdin, so --schema cannot: pass the schema inline or as a file (--schema schema.json)`,
    );
  }
  if (wantsStdin(flags.words)) {
    throw new UsageError(
      `--attach-type sends stdin as the file, not as prompt text: drop the "-" (${ATTACH_EXAMPLE})`,
    );
  }
  if (flags.words.join(" ").trim() === "") {
    throw new UsageError(`--attach-type needs the prompt as arguments: ${ATTACH_EXAMPLE}`);
  }
  if (stdinIsTerminal) {
    throw new UsageError(
      `--attach-type reads the file from stdin, which is a terminal: redirect the file in (${ATTACH_EXAMPLE})`,
    );
  }
}

/** What {@linkcode readAskAttachment} needs to know of the run. */
export interface AttachmentTarget {
  /** The canonical provider. */
  provider: string;
  /** The model chosen by flags or history; else the config's or the provider's default. */
  modelId?: string;
  config: Config;
}

/** The model a run will use, as `createModel` chooses it. */
function effectiveModelId(target: AttachmentTarget): string | undefined {
  return target.modelId ?? target.config.providers?.[target.provider]?.default_model ??
    PROVIDERS[target.provider as ProviderId]?.defaultModel;
}

/**
 * Reads the attachment `type` from stdin, after checking that the provider
 * and model take it (for `auto`, once the bytes tell the type).
 *
 * @throws {UsageError} (exit 2) when they do not, or stdin is not a file of that type.
 */
export async function readAskAttachment(
  type: AttachTypeFlag,
  io: Io,
  target: AttachmentTarget,
): Promise<Attachment> {
  // Reading and checking an attachment load only with --attach-type.
  const [{ assertAttachmentSupported }, { readAttachment }] = await Promise.all([
    import("../providers/attachment_support.ts"),
    import("./read_attachment.ts"),
  ]);
  const modelId = effectiveModelId(target);
  if (type !== "auto") {
    assertAttachmentSupported(target.provider, modelId, type, target.config);
  }
  const attachment = await readAttachment(io.stdin, { type });
  assertAttachmentSupported(target.provider, modelId, attachment.type, target.config);
  return attachment;
}
