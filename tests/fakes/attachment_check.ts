/**
 * Makes a provider fake check the attachment of `ask --attach-type` in its
 * own wire format: the last user message must hold the prompt's text and
 * exactly one file part of the expected media type whose decoded bytes are
 * the expected bytes. The fake fails at disposal otherwise (its
 * `addDisposalCheck`), like any other violation.
 *
 * Wire formats, as each provider's API documents them:
 * - `openai-chat` (OpenAI, Azure, OpenRouter, Ollama, compatible endpoints):
 *   `{ type: "image_url", image_url: { url: "data:TYPE;base64,…" } }`, PDF as
 *   `{ type: "file", file: { filename, file_data: "data:application/pdf;base64,…" } }`;
 * - `mistral`: `{ type: "image_url", image_url: "data:…" }`, PDF as
 *   `{ type: "document_url", document_url: "data:application/pdf;base64,…" }`;
 * - `perplexity`: `image_url` as OpenAI's, PDF as
 *   `{ type: "file_url", file_url: { url: "<base64>" }, file_name }`;
 * - `anthropic`: `{ type: "image" | "document", source: { type: "base64", media_type, data } }`;
 * - `gemini` (Gemini, Vertex): a part `{ inlineData: { mimeType, data } }` in the last `contents`;
 * - `bedrock` (Converse): `{ image: { format: "png", source: { bytes } } }`,
 *   `{ document: { format: "pdf", name, source: { bytes } } }`;
 * - `xai-responses`: `{ type: "input_image", image_url: "data:…" }` in a user `input` item.
 *
 * @module
 */
import { type FakeServer, isRecord, type RecordedRequest } from "./_fake_server.ts";

/** A wire format that carries attachments. */
export type AttachmentWire =
  | "openai-chat"
  | "mistral"
  | "perplexity"
  | "anthropic"
  | "gemini"
  | "bedrock"
  | "xai-responses";

/** What the request must carry. */
export interface ExpectedAttachment {
  mediaType: string;
  bytes: Uint8Array;
  /** The prompt's text, sent beside the file. */
  text: string;
}

/** A file part found in a request. */
export interface WireFile {
  mediaType: string;
  base64: string;
}

type Json = Record<string, unknown>;

function dataUrl(url: unknown): WireFile | undefined {
  if (typeof url !== "string") return undefined;
  const match = url.match(/^data:([^;,]+);base64,(.*)$/s);
  return match ? { mediaType: match[1], base64: match[2] } : undefined;
}

const BEDROCK_IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

/** The last user message's parts (or Gemini's parts), and their texts. */
function lastUserParts(wire: AttachmentWire, body: Json): unknown[] {
  const list = (value: unknown) => Array.isArray(value) ? value : [];
  if (wire === "gemini") {
    const last = list(body.contents).filter((item) => isRecord(item) && item.role === "user").at(
      -1,
    );
    return isRecord(last) ? list(last.parts) : [];
  }
  const messages = wire === "xai-responses" ? list(body.input) : list(body.messages);
  const last = messages.filter((item) => isRecord(item) && item.role === "user").at(-1);
  return isRecord(last) ? list(last.content) : [];
}

/** The text of a part, in the wire's shape; `undefined` when it is not text. */
function textOf(wire: AttachmentWire, part: Json): string | undefined {
  if (wire === "gemini" || wire === "bedrock") {
    return typeof part.text === "string" ? part.text : undefined;
  }
  const kind = wire === "xai-responses" ? "input_text" : "text";
  return part.type === kind && typeof part.text === "string" ? part.text : undefined;
}

/** The file a part carries, in the wire's shape; `undefined` when it carries none. */
function fileOf(wire: AttachmentWire, part: Json): WireFile | undefined {
  switch (wire) {
    case "openai-chat":
    case "perplexity":
      if (part.type === "image_url" && isRecord(part.image_url)) return dataUrl(part.image_url.url);
      if (wire === "openai-chat" && part.type === "file" && isRecord(part.file)) {
        return typeof part.file.filename === "string" ? dataUrl(part.file.file_data) : undefined;
      }
      if (wire === "perplexity" && part.type === "file_url" && isRecord(part.file_url)) {
        const url = part.file_url.url;
        return typeof url === "string" && typeof part.file_name === "string"
          ? { mediaType: "application/pdf", base64: url }
          : undefined;
      }
      return undefined;
    case "mistral":
      if (part.type === "image_url") return dataUrl(part.image_url);
      if (part.type === "document_url") return dataUrl(part.document_url);
      return undefined;
    case "anthropic": {
      if (part.type !== "image" && part.type !== "document") return undefined;
      const source = part.source;
      if (!isRecord(source) || source.type !== "base64" || typeof source.data !== "string") {
        return undefined;
      }
      return { mediaType: String(source.media_type), base64: source.data };
    }
    case "gemini": {
      const inline = part.inlineData ?? part.inline_data;
      if (!isRecord(inline) || typeof inline.data !== "string") return undefined;
      return { mediaType: String(inline.mimeType ?? inline.mime_type), base64: inline.data };
    }
    case "bedrock": {
      if (isRecord(part.image) && isRecord(part.image.source)) {
        const bytes = part.image.source.bytes;
        const type = BEDROCK_IMAGE_TYPES[String(part.image.format)];
        return typeof bytes === "string" && type ? { mediaType: type, base64: bytes } : undefined;
      }
      if (isRecord(part.document) && isRecord(part.document.source)) {
        const { format, name, source } = part.document as Json & { source: Json };
        return format === "pdf" && typeof name === "string" && typeof source.bytes === "string"
          ? { mediaType: "application/pdf", base64: source.bytes }
          : undefined;
      }
      return undefined;
    }
    case "xai-responses":
      return part.type === "input_image" ? dataUrl(part.image_url) : undefined;
  }
}

function decodeBase64(text: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && left.every((byte, index) => byte === right[index]);
}

/** What is wrong with the attachment of one request body (nothing: `[]`). */
export function attachmentProblems(
  wire: AttachmentWire,
  body: unknown,
  expected: ExpectedAttachment,
): string[] {
  if (!isRecord(body)) return ["the request body is not a JSON object"];
  const parts = lastUserParts(wire, body).filter(isRecord);
  const files = parts.map((part) => fileOf(wire, part)).filter((file) => file !== undefined);
  const texts = parts.map((part) => textOf(wire, part)).filter((text) => text !== undefined);
  const problems: string[] = [];
  if (!texts.includes(expected.text)) {
    problems.push(
      `no text part "${expected.text}" beside the file (texts: ${JSON.stringify(texts)})`,
    );
  }
  if (files.length !== 1) {
    return [
      ...problems,
      `expected one ${wire} file part in the last user message, found ${files.length}`,
    ];
  }
  const [file] = files;
  if (file.mediaType !== expected.mediaType) {
    problems.push(`file part of type "${file.mediaType}", expected "${expected.mediaType}"`);
  }
  const bytes = decodeBase64(file.base64);
  if (bytes === undefined) problems.push("the file part's data is not base64");
  else if (!sameBytes(bytes, expected.bytes)) {
    problems.push(
      `the file's bytes differ from the attachment (${bytes.length} bytes sent, ${expected.bytes.length} expected)`,
    );
  }
  return problems;
}

/** Whether a recorded request is a generation (a POST with a JSON body). */
function isGeneration(request: RecordedRequest): boolean {
  return request.method === "POST" && isRecord(request.json) &&
    ("messages" in request.json || "contents" in request.json || "input" in request.json);
}

/**
 * Makes `fake` fail at disposal unless every generation request it received
 * (and at least one) carried `expected` in `wire`'s format.
 */
export function expectAttachment(
  fake: FakeServer,
  wire: AttachmentWire,
  expected: ExpectedAttachment,
): void {
  fake.addDisposalCheck(() => {
    const generations = fake.requests.filter(isGeneration);
    if (generations.length === 0) return ["no generation request carried the attachment"];
    return generations.flatMap((request) =>
      attachmentProblems(wire, request.json, expected).map((problem) =>
        `${request.url.pathname}: ${problem}`
      )
    );
  });
}
