/**
 * The outgoing-secret guard (`--on-secret`): one check of everything omn
 * puts into a request body that came from the user — the model id, the
 * system prompt, every user message (the prompt with its stdin, chat
 * messages, batch items) and the JSON schema of `--schema` — before the
 * request leaves. Secrets are found as `omn redact` finds them, through
 * invisible and look-alike characters too. The schema is read as its JSON
 * text and, each as a prompt is, as its decoded strings (property names and
 * values); under `redact` they are masked in place.
 *
 * - `redact` masks them, part by part, and warns naming the parts; a secret
 *   in the model id is refused instead (a masked model id is no request);
 * - `block` refuses the request (exit 3) naming the kinds and the parts;
 * - `allow` sends them as they are, with a warning.
 *
 * An attachment (`ask --attach-type`) is checked through the text its bytes
 * hold (`attachmentText`: printable runs, such as an uncompressed PDF's text
 * or an image's metadata); a secret there cannot be masked inside the file,
 * so `redact` refuses it like `block`. Text in pixels or in compressed PDF
 * streams is not seen.
 *
 * Replies of the model (assistant messages) are not the user's and are sent
 * back as they are. The base URL is checked once, when the model is created
 * (`guardBaseUrl`, src/providers/guard_base_url.ts).
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import type { GenerateRequest, LanguageModel, ModelEvent } from "./language_model.ts";
import { findSecrets, redact, registerSecret } from "../security/redact.ts";
import { secretKindsIn } from "../security/secret_kinds_in.ts";
import { splitSecretKindsIn } from "../security/split_secret_kinds.ts";
import { blankSplitKindsIn } from "../security/blank_split_secret_kinds.ts";
import { maskContinuations } from "../security/mask_continuations.ts";
import { JoinBudget, UNCHECKED_KIND } from "../security/join_budget.ts";
import { attachmentText } from "./attachment_text.ts";
import {
  schemaSize,
  schemaStrings,
  schemaStringSequences,
  withSchemaStrings,
} from "./schema_strings.ts";

/** How a text with more pieces than the split detectors may read is named in messages. */
const UNCHECKED_NAME = "too many key-like pieces to check for a split key";

/** The fix named when a text spent its join budget. */
const UNCHECKED_FIX = "remove the repeated pieces or pass --on-secret allow";

/** How the attachment's text is named in messages. */
const ATTACHMENT_PART = "the attachment";

/** How the schema (its JSON text and each of its strings) is named in messages. */
const SCHEMA_PART = "--schema";

/**
 * A string of printable ASCII without `"` or `\`: its JSON text is itself
 * between quotes, with no break, so reading the schema's JSON text reads it
 * as it is, and it is not read again.
 */
const VERBATIM_IN_JSON = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** What to do with secrets found in an outgoing request. */
export type OnSecret = "redact" | "block" | "allow";

/** One piece of user-supplied text in a request, and how it is named in messages. */
interface Part {
  readonly name: string;
  readonly text: string;
  /** How a secret split in this text is named (default: split across lines). */
  readonly cut?: string;
  /**
   * Whether only a secret split across the texts this part joins counts
   * (the texts themselves are parts of their own).
   */
  readonly splitOnly?: boolean;
  /**
   * Where in `text` one joined text ends and the next begins: a secret
   * found whole whose span holds one (a PEM block begun in one message and
   * ended in the next) is split across them.
   */
  readonly boundaries?: readonly number[];
}

/** How the system prompt and the user messages read as one text are named in messages. */
const MESSAGES_PART = "the messages";

/**
 * What stands between two adjacent strings of the schema when they are
 * read as one text: a blank line, so that a secret goes on into the next
 * string only with a piece that looks like a key's rest
 * (`mask_continuations.ts`), as after a paragraph break.
 */
const BETWEEN_STRINGS = "\n\n";

/** The request to send and the warning to show, if any. */
export interface GuardedRequest {
  request: GenerateRequest;
  /** Kinds of the secrets found, each once. */
  kinds: string[];
  warning?: string;
}

/** The system prompt (if any) and the user messages of `request`, in order. */
function userTexts(request: GenerateRequest): string[] {
  return [
    ...(request.system === undefined ? [] : [request.system]),
    ...request.messages.filter((message) => message.role === "user").map((message) =>
      message.content
    ),
  ];
}

/** The user-supplied parts of `request` sent to `modelId`. */
function partsOf(request: GenerateRequest, modelId: string): Part[] {
  const parts: Part[] = [{ name: "--model", text: modelId }];
  if (request.system !== undefined) parts.push({ name: "the system prompt", text: request.system });
  const last = request.messages.length - 1;
  request.messages.forEach((message, index) => {
    if (message.role !== "user") return;
    parts.push({
      name: index === last ? "the prompt" : `message ${index + 1}`,
      text: message.content,
    });
    if (message.attachment !== undefined) {
      parts.push({ name: ATTACHMENT_PART, text: attachmentText(message.attachment.data) });
    }
  });
  // The system prompt and the user messages, in order, read as one text: a key pasted in two
  // messages (or begun in --system) is joined as across a paragraph break.
  const texts = userTexts(request);
  if (texts.length > 1) {
    const boundaries: number[] = [];
    let length = 0;
    for (const text of texts.slice(0, -1)) {
      length += text.length + BETWEEN_STRINGS.length;
      boundaries.push(length);
    }
    parts.push({
      name: MESSAGES_PART,
      text: texts.join(BETWEEN_STRINGS),
      cut: "split across messages",
      splitOnly: true,
      boundaries,
    });
  }
  if (request.jsonSchema !== undefined) {
    // The JSON text finds a secret by its context (`"api_key": "…"`); each
    // decoded string is read as a prompt is, with its real characters (the
    // JSON text writes VT, FF, tabs and backslashes as escapes).
    parts.push({ name: SCHEMA_PART, text: JSON.stringify(request.jsonSchema) });
    for (const text of schemaStrings(request.jsonSchema)) {
      if (!VERBATIM_IN_JSON.test(text)) parts.push({ name: SCHEMA_PART, text });
    }
    // Adjacent strings read as one text, so that a key split across two of them is joined.
    for (const sequence of schemaStringSequences(request.jsonSchema)) {
      if (sequence.length < 2) continue;
      parts.push({
        name: SCHEMA_PART,
        text: sequence.join(BETWEEN_STRINGS),
        cut: "split across strings",
      });
    }
  }
  return parts;
}

/**
 * Applies the `--on-secret` policy to the whole of `request` (sent to
 * `modelId`).
 *
 * A secret cut by line breaks (a wrapped key, quoted lines included), by
 * blanks after its prefix, or across adjacent strings of the schema counts
 * as a secret under `block` and `allow`; under `redact` the rest of a key
 * whose first piece is a key by itself is masked with it, and a key whose
 * pieces are none cannot be masked where it stands, so the request is
 * refused (as is a whole key of the schema whose rest goes on into the
 * next string).
 *
 * @throws {RefusalError} (exit 3) under `block` when any part holds a
 * secret, and under `redact` when the model id does or a secret is split
 * across lines; the message names the kinds and the parts, never a secret.
 */
export function guardRequest(
  request: GenerateRequest,
  modelId: string,
  policy: OnSecret,
): GuardedRequest {
  // Each text is masked once: for the split check and, under redact, for sending.
  // Each text's joins are read within one budget (`join_budget.ts`).
  const maskedTexts = new Map<string, string>();
  const budgets = new Map<string, JoinBudget>();
  const budgetOf = (text: string) => {
    const known = budgets.get(text);
    if (known !== undefined) return known;
    const fresh = new JoinBudget(text.length);
    budgets.set(text, fresh);
    return fresh;
  };
  const masked = (text: string) => {
    const known = maskedTexts.get(text);
    if (known !== undefined) return known;
    const fresh = redact(maskContinuations(text, budgetOf(text)));
    maskedTexts.set(text, fresh);
    return fresh;
  };
  const found = byPart(
    partsOf(request, modelId).flatMap((part) => {
      const wholeHere = secretKindsIn(part.text);
      // A part that joins other parts counts only what straddles them (each is read alone too).
      const whole = part.splitOnly ? [] : wholeHere;
      // Read once the whole secrets are masked, so that only a split one counts.
      const read = wholeHere.length === 0 ? part.text : masked(part.text);
      const budget = budgetOf(part.text);
      const split = [
        ...splitSecretKindsIn(read, budget),
        ...(wholeHere.length === 0 ? [] : across(part.text, part.boundaries ?? [])),
      ];
      const blank = blankSplitKindsIn(read, budget);
      // Too many pieces to read them all: counted as a split secret (refused unless allowed).
      if (budget.exhausted && !split.includes(UNCHECKED_KIND)) split.push(UNCHECKED_KIND);
      const kinds = [...new Set([...whole, ...split, ...blank])];
      const named = [
        ...(budget.exhausted ? [UNCHECKED_NAME] : []),
        ...whole,
        ...split.filter((kind) => kind !== UNCHECKED_KIND)
          .map((kind) => `${kind} ${part.cut ?? "split across lines"}`),
        // A key wrapped over lines is named once, by the line joiner, which the blank joiner follows too.
        ...blank.filter((kind) => kind !== UNCHECKED_KIND && !split.includes(kind))
          .map((kind) => `${kind} split by spaces`),
      ];
      const isSplit = split.length > 0 || blank.length > 0;
      return kinds.length === 0 ? [] : [{ part, kinds, named, split: isSplit }];
    }),
  );
  if (found.length === 0) return { request, kinds: [] };
  const kinds = [...new Set(found.flatMap(({ kinds }) => kinds))];
  const where = found.map(({ part, named }) => `${named.join(", ")} in ${part.name}`).join("; ");
  // Spent budgets first: no policy but allow sends a text whose joins were not all read, and
  // no other fix (redact refuses it too) applies.
  if (policy !== "allow" && [...budgets.values()].some((budget) => budget.exhausted)) {
    throw new RefusalError(`Request not sent: ${where}; ${UNCHECKED_FIX}`);
  }
  if (policy === "block") {
    throw new RefusalError(
      `Request not sent: it contains secrets (${where}); remove them or pass --on-secret redact`,
    );
  }
  if (policy === "allow") {
    // Sent as asked, but never shown again: a key found only by its context
    // (`MISTRAL_API_KEY=…`) would not be recognised alone, as a provider or a model may send it
    // back. One recognised alone (by its prefix) needs nothing more.
    for (const { part } of found) {
      for (const finding of findSecrets(part.text)) {
        const value = part.text.slice(finding.index, finding.index + finding.length);
        const alone = findSecrets(value).some((whole) => whole.length === value.length);
        if (!alone) registerSecret(value, finding.kind);
      }
    }
    return {
      request,
      kinds,
      warning:
        `The request contains secrets (${where}); sending them as asked by --on-secret allow`,
    };
  }
  if (found.some(({ split }) => split)) {
    throw new RefusalError(
      `Request not sent: a secret is split across lines or by spaces (${where}) and cannot be masked in place; remove it`,
    );
  }
  if (found.some(({ part }) => part.name === "--model")) {
    throw new RefusalError(
      `Request not sent: the model id contains a secret (${where}); pass the model's name with --model`,
    );
  }
  if (crossesTexts([userTexts(request)], masked)) {
    throw new RefusalError(
      `Request not sent: a secret goes on from one message into the next (${where}) and cannot be masked in place; remove it`,
    );
  }
  if (
    request.jsonSchema !== undefined &&
    crossesTexts(schemaStringSequences(request.jsonSchema), masked)
  ) {
    throw new RefusalError(
      `Request not sent: a secret in --schema goes on from one string into the next (${where}) and cannot be masked in place; remove it from the schema`,
    );
  }
  if (found.some(({ part }) => part.name === ATTACHMENT_PART)) {
    throw new RefusalError(
      `Request not sent: the attachment contains a secret (${where}) that cannot be masked in a file; remove it from the file, or pass --on-secret allow`,
    );
  }
  const sent = {
    ...request,
    system: request.system === undefined ? undefined : masked(request.system),
    messages: request.messages.map((message) =>
      message.role === "user" ? { ...message, content: masked(message.content) } : message
    ),
    jsonSchema: request.jsonSchema === undefined
      ? undefined
      : maskSchema(request.jsonSchema, masked),
  };
  if ([...budgets.values()].some((budget) => budget.exhausted)) {
    // Masking for sending read more joins and spent a budget: refused as above.
    throw new RefusalError(`Request not sent: ${UNCHECKED_NAME} (${where}); ${UNCHECKED_FIX}`);
  }
  return {
    request: sent,
    kinds,
    warning: `Masked secrets in the request before sending (${where})`,
  };
}

/**
 * Whether masking any of `sequences` (adjacent strings of the schema, or
 * the system prompt and user messages) as one text masks more than masking
 * each of its texts does: the rest of a key that goes on into the next
 * text, which the texts masked one by one would send.
 */
function crossesTexts(
  sequences: readonly (readonly string[])[],
  masked: (text: string) => string,
): boolean {
  return sequences.some((sequence) =>
    sequence.length > 1 &&
    masked(sequence.join(BETWEEN_STRINGS)) !== sequence.map(masked).join(BETWEEN_STRINGS)
  );
}

/** The kinds of the secrets found in `text` whose span holds one of the `boundaries`. */
function across(text: string, boundaries: readonly number[]): string[] {
  if (boundaries.length === 0) return [];
  return [
    ...new Set(
      findSecrets(text).filter((finding) =>
        boundaries.some((at) => at > finding.index && at < finding.index + finding.length)
      ).map((finding) => finding.kind),
    ),
  ];
}

/** What is found in one part: its kinds, how they are named, and whether one is split. */
interface Finding {
  part: Part;
  kinds: string[];
  named: string[];
  split: boolean;
}

/** `found` with the findings of parts of one name (the schema's strings) made one. */
function byPart(found: Finding[]): Finding[] {
  const merged = new Map<string, Finding>();
  for (const finding of found) {
    const known = merged.get(finding.part.name);
    merged.set(
      finding.part.name,
      known === undefined ? finding : {
        part: known.part,
        kinds: [...new Set([...known.kinds, ...finding.kinds])],
        named: [...new Set([...known.named, ...finding.named])],
        split: known.split || finding.split,
      },
    );
  }
  return [...merged.values()];
}

/**
 * `schema` with the secrets of each of its strings `masked` (property names
 * and values, as a prompt is masked), then read again from its masked JSON
 * text (so that a secret recognised by its context, `"api_key": "…"`, is
 * masked too).
 *
 * @throws {RefusalError} when two property names mask to one name, or the
 * masked text is no longer the same JSON object.
 */
function maskSchema(
  schema: Record<string, unknown>,
  masked: (text: string) => string,
): Record<string, unknown> {
  const inStrings = withSchemaStrings(schema, masked);
  if (inStrings !== undefined) {
    try {
      const parsed: unknown = JSON.parse(masked(JSON.stringify(inStrings)));
      if (
        typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) &&
        // Two property names masked to one in the text would lose a property.
        schemaSize(parsed) === schemaSize(inStrings)
      ) {
        return parsed as Record<string, unknown>;
      }
    } catch {
      // refused below
    }
  }
  throw new RefusalError(
    "Request not sent: --schema contains a secret that cannot be masked in place; remove it from the schema",
  );
}

/**
 * `model` with {@linkcode guardRequest} applied to every request it is
 * given; `warn` receives the warning of each guarded request.
 */
export function guardedModel(
  model: LanguageModel,
  policy: OnSecret,
  warn: (message: string) => void,
): LanguageModel {
  return {
    provider: model.provider,
    modelId: model.modelId,
    stream(request: GenerateRequest): AsyncIterable<ModelEvent> {
      const guarded = guardRequest(request, model.modelId, policy);
      if (guarded.warning) warn(guarded.warning);
      return model.stream(guarded.request);
    },
  };
}
