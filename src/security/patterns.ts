/**
 * The table of credential formats that omnimancer recognises, after
 * `shared/SECRET_FORMATS.md`.
 *
 * Each entry carries, besides its regex, what the matching engine needs to
 * stream safely: the literal anchors a match must begin with, a regex that
 * recognises the unfinished beginning of a match at the end of a text, and
 * the reach (the most characters a match attempt may read from its start).
 * Prefix-less secrets (AWS secret access key and session token, Mistral,
 * Cohere, old Azure keys) are only recognised by context. The naive masking
 * patterns of the original notes are deliberately absent.
 *
 * @module
 */
import { encodedContextPattern, minimalKeys, NOT_AFTER_KEY } from "./encoded_context_pattern.ts";
import { encodedUrlCredentialsPatterns } from "./encoded_url_credentials_pattern.ts";

/** One credential format. */
export interface SecretPattern {
  /** Stable id, used as the SARIF rule id: `"openai"`, `"aws-access-key-id"`, ... */
  readonly kind: string;
  /** Human label: `"OpenAI API key"`. */
  readonly label: string;
  /**
   * Regex source (no flags needed; case-insensitive parts spell out both
   * cases, `[kK][eE][yY]`).
   * It has exactly one capturing group, the secret value; the rest of the
   * match is context and stays visible.
   */
  readonly source: string;
  /**
   * Regex source of the value alone, for entries with a recognisable shape;
   * used to classify a value seen in a context rule or registered as known.
   */
  readonly shape?: string;
  /** Literal strings every match begins with (case-sensitive). */
  readonly anchors: readonly string[];
  /**
   * Regex source, anchored at the end of the text with `$`, that matches the
   * unfinished beginning of every match attempt still waiting for more text.
   */
  readonly partial: string;
  /** The most characters a match attempt reads from its start, lookahead included. */
  readonly reach: number;
  /**
   * Whether a match attempt can read past a line break (`\n` or `\r`). When
   * false, an attempt that meets a line break is decided there, so only the
   * last line of a text can hold an undecided attempt.
   */
  readonly multiline: boolean;
  /**
   * For the value itself: characters of the value that are matched back from
   * the capturing group (only the new Azure format, whose signature is not at
   * its start). Zero for every other entry.
   */
  readonly lookback: number;
  /**
   * A zero-width check that `source` starts with, shared by several
   * patterns (empty for most): the engine factors it out of a group of
   * patterns that share it, so that it runs once per position.
   */
  readonly guard: string;
  /**
   * For an entry recognised by the key before its value: the keys, `?`
   * standing for an optional `_` or `-`, compared ignoring case. A match
   * needs one of them just before its operator, so a text without any of
   * them is passed over without running the regex (`_short_text_rules.ts`).
   */
  readonly keys?: readonly string[];
  /** The part of a value kept in its masked form, or `null` to keep nothing. */
  readonly keep: RegExp | null;
  /** The masked form of a typical value: `"sk-ant-***"`, `"***"`. */
  readonly masked: string;
}

/** The characters {@linkcode escapeRegExp} puts a backslash before. */
const REGEX_SYNTAX = "\\^$.*+?()[]{}|/-";

/** The masked form of the secret part: what replaces the value after the kept prefix. */
export const MASK = "***";

/** Not preceded by a letter or digit, unless by a percent-encoded byte (`%3D`). */
const LEAD = String.raw`(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))`;
/** An optional quote, possibly escaped (`"`, `\"`, `'`, backquote). */
const QUOTE = String.raw`(?:\\?["'\x60])?`;
/** Between a key and its operator: an optional closing quote, then spaces. */
const KEY_END = String.raw`${QUOTE}[ \t]{0,16}`;
/** Between an operator and its value: spaces, then an optional opening quote. */
const VALUE_START = String.raw`[ \t]{0,16}${QUOTE}`;
/** Every character a key-context match can read after its anchor, for `partial`. */
const CONTEXT_TAIL = String.raw`[\t "'\x60\\:=,>A-Za-z0-9+/_.~%-]`;
/** The characters of a token built of letters, digits, `_` and `-`. */
const TOKEN = "[A-Za-z0-9_-]";
/** An `sk-` where a key could start (no letter or digit before it). */
const NEXT_SK = "(?<![A-Za-z0-9])sk-";
/** An `eyJ` where a token could start (no letter or digit before it). */
const NEXT_EYJ = "(?<![A-Za-z0-9])eyJ";

interface PrefixEntry {
  kind: string;
  label: string;
  shape: string;
  anchors: string[];
  trail?: string;
  tail?: string;
  reach: number;
  keep: RegExp | null;
  masked: string;
}

/**
 * An entry recognised by its own prefix: `LEAD (shape) trail`, where LEAD
 * keeps the prefix from matching inside a longer word.
 */
function prefixed(entry: PrefixEntry): SecretPattern {
  const source = `${LEAD}(${entry.shape})${entry.trail ?? ""}`;
  return {
    kind: entry.kind,
    label: entry.label,
    source,
    shape: entry.shape,
    anchors: entry.anchors,
    partial: anchoredPartial(entry.anchors, entry.tail ?? TOKEN),
    reach: entry.reach,
    multiline: false,
    lookback: 0,
    guard: "",
    keep: entry.keep,
    masked: entry.masked,
  };
}

interface ContextEntry {
  kind: string;
  label: string;
  keys: string[];
  /** What must precede the key (a boundary), inside the lookbehind. */
  lead?: string;
  /** The operator between key and value (default: `:`, `=`, `:=`, `=>`, `,` or `>`). */
  operator?: string;
  /** What may come between the operator and the value (default: spaces and a quote). */
  between?: string;
  value: string;
  /** Characters the value (and what comes before it) may have, for `partial`. */
  tail?: string;
  reach: number;
}

/**
 * The last two letters of every key: `ey` (api_key), `en` (token), `on`
 * (authorization) and `et` (secret). `keyed` refuses a key that ends
 * otherwise.
 */
const KEY_ENDINGS = ["ey", "en", "on", "et"];

/**
 * The cheap check before an operator that every key context shares: the
 * operator follows one of {@linkcode KEY_ENDINGS}. It lets most `:` and `=`
 * in a text be passed over at once (`commit=`, `"status":`, `integrity=`),
 * before the lookbehinds of the keys run.
 */
const KEY_GUARD = String.raw`(?<=(?:${KEY_ENDINGS.map(anyCase).join("|")})${KEY_END})`;

/** The operators a key and its value may be joined by: `=`, `:`, `:=`, `=>`, `,` (CSV), `>` (XML). */
const OPERATOR = "(?:=>|:=|[:=,>])";

/**
 * An entry recognised by the key before its value (`AWS_SECRET_ACCESS_KEY=...`).
 * In `keys`, `?` stands for an optional `_` or `-` and the keys are compared
 * ignoring case. The match starts at the operator, with the key in a
 * lookbehind: searching for `:`, `=`, `,` or `>` is much faster than for
 * the keys' first letters, and the key, being context, is never held back.
 * An operator is required: `KEY value` with only spaces between is not taken.
 */
function keyed(entry: ContextEntry): SecretPattern {
  for (const key of entry.keys) {
    if (!KEY_ENDINGS.includes(key.slice(-2).toLowerCase())) {
      throw new SyntaxError(
        `Cannot use key "${key}": keys must end in ${KEY_ENDINGS.join(", ")} (add its ending)`,
      );
    }
  }
  contextEntries.push(entry);
  const operator = entry.operator ?? OPERATOR;
  return regexesOnUse({
    kind: entry.kind,
    label: entry.label,
    anchors: [":", "=", ",", ">"],
    reach: entry.reach,
    multiline: false,
    lookback: 0,
    guard: KEY_GUARD,
    keys: entry.keys,
    keep: null,
    masked: MASK,
  }, () => {
    const alternation = keyAlternation(entry.keys);
    const lookbehind = `(?<=${entry.lead ?? ""}(?:${alternation})${KEY_END})`;
    return {
      source: `${KEY_GUARD}${lookbehind}${operator}${entry.between ?? VALUE_START}(${entry.value})`,
      partial: `${lookbehind}${operator}(?:${entry.tail ?? CONTEXT_TAIL})*$`,
    };
  });
}

/**
 * `shell`, with the regex sources `build` gives, built on first use: the
 * key rules' alternations cost milliseconds at every start, and a text in
 * which no key occurs never needs them (`_short_text_rules.ts` passes over
 * a key rule then). Every other field, read for every text, is `shell`'s.
 */
function regexesOnUse(
  shell: Omit<SecretPattern, "source" | "partial">,
  build: () => Pick<SecretPattern, "source" | "partial">,
): SecretPattern {
  let built: Pick<SecretPattern, "source" | "partial"> | undefined;
  const regexes = () => built ??= build();
  return {
    ...shell,
    get source() {
      return regexes().source;
    },
    get partial() {
      return regexes().partial;
    },
  };
}

/** The keys as one alternation: `?` an optional `_` or `-`, every letter in any case. */
function keyAlternation(keys: readonly string[]): string {
  return keys.map((key) => key.split("?").map(anyCase).join("[_-]?")).join("|");
}

/** Every entry given to {@linkcode keyed}, in table order, for {@linkcode encodedContext}. */
const contextEntries: ContextEntry[] = [];

/** The `reach` of the encoded key rules (`encoded_context_pattern.ts`). */
const ENCODED_CONTEXT_REACH = 6 * 2500 + 150;

/** The kinds whose plain rule masks a value whatever it holds (header values). */
const ANY_VALUE_KINDS = new Set(["authorization-header", "api-key-header"]);

/**
 * The rules of every key given to {@linkcode keyed} so far with an encoded
 * operator or quotes (`encoded_context_pattern.ts`): the keys of header
 * values, any value; the other keys, a value as credential-assignment
 * asks it (a digit, no call after it), as with a plain operator.
 */
function encodedContext(): SecretPattern[] {
  const keysOf = (entries: ContextEntry[]) => [...new Set(entries.flatMap((entry) => entry.keys))];
  const anyKeys = keysOf(contextEntries.filter((entry) => ANY_VALUE_KINDS.has(entry.kind)));
  const credentialKeys = keysOf(contextEntries).filter((key) => !anyKeys.includes(key));
  // What encodedContextPattern gives besides the regexes (tests/security/patterns_test.ts).
  const rule = (keys: string[], value: "any" | "credential") =>
    regexesOnUse({
      kind: "credential-assignment",
      label: "Credential assigned to a key name by an encoded operator",
      anchors: value === "credential" ? ["%", "\\", "&"] : ["\\", "%", "&"],
      reach: ENCODED_CONTEXT_REACH,
      multiline: false,
      lookback: 0,
      guard: "",
      keys,
      keep: null,
      masked: MASK,
    }, () =>
      encodedContextPattern({
        keys,
        keyRegex: keyAlternation(minimalKeys(keys)),
        operator: OPERATOR,
        schemes: SCHEMES,
        tail: CONTEXT_TAIL,
        mask: MASK,
        value,
      }));
  return [rule(credentialKeys, "credential"), rule(anyKeys, "any")];
}

/** `(?:anchor1|anchor2)tail*$`, the default shape of `partial`. */
function anchoredPartial(anchors: readonly string[], tail: string): string {
  const alternation = anchors.map(escapeRegExp).join("|");
  return `(?:${alternation})(?:${tail})*$`;
}

/**
 * `text` as a regex matching it in any case: `aB-1` becomes `[aA][bB]\-1`.
 * Used instead of the `(?i:...)` modifier, which V8 mismatches inside some
 * lookbehinds.
 */
function anyCase(text: string): string {
  return [...text].map((character) => {
    const lower = character.toLowerCase();
    const upper = character.toUpperCase();
    return lower === upper ? escapeRegExp(character) : `[${lower}${upper}]`;
  }).join("");
}

/** Authorization schemes kept visible before the masked value. */
const SCHEMES = `(?:${
  [
    "bearer",
    "basic",
    "token",
    "bot",
    "digest",
    "apikey",
    "api-key",
    "key",
    "sso-key",
    "negotiate",
    "ntlm",
    "aws4-hmac-sha256",
  ].map(anyCase).join("|")
})`;

/**
 * Escapes `text` for use as a literal inside a regex source. A loop, not a
 * `replace`: it runs for every character of every known secret's encoded
 * form at start-up, where a regex `replace` per character costs
 * milliseconds.
 */
export function escapeRegExp(text: string): string {
  let escaped = "";
  for (const character of text) {
    escaped += REGEX_SYNTAX.includes(character) ? `\\${character}` : character;
  }
  return escaped;
}

/**
 * Every credential format, in priority order: when two entries match at the
 * same position the earlier one wins. Context rules classify their value
 * with {@linkcode classifySecret}, so `Authorization: Bearer sk-ant-...` is
 * reported as an Anthropic key and masked `Authorization: Bearer sk-ant-***`.
 */
export const patterns: readonly SecretPattern[] = [
  // --- keys starting with "sk-" ---
  prefixed({
    kind: "anthropic-admin",
    label: "Anthropic admin API key",
    shape: String.raw`sk-ant-admin[0-9]{2}-${TOKEN}{32,200}`,
    anchors: ["sk-ant-admin"],
    reach: 220,
    keep: /^sk-ant-/,
    masked: "sk-ant-***",
  }),
  prefixed({
    kind: "anthropic",
    label: "Anthropic API key",
    shape: `sk-ant-${TOKEN}{32,200}`,
    anchors: ["sk-ant-"],
    reach: 210,
    keep: /^sk-ant-/,
    masked: "sk-ant-***",
  }),
  prefixed({
    kind: "openrouter",
    label: "OpenRouter API key",
    shape: "sk-or-v[0-9]-[0-9a-f]{64}",
    trail: `(?!${TOKEN})`,
    anchors: ["sk-or-v"],
    reach: 80,
    keep: /^sk-or-v[0-9]-/,
    masked: "sk-or-v1-***",
  }),
  prefixed({
    kind: "openai-admin",
    label: "OpenAI admin API key",
    shape: `sk-admin-${TOKEN}{40,250}`,
    anchors: ["sk-admin-"],
    reach: 260,
    keep: /^sk-admin-/,
    masked: "sk-admin-***",
  }),
  prefixed({
    kind: "openai",
    label: "OpenAI API key",
    // The run before the signature stops at the next `sk-` that could start a key, so that an
    // attempt reads at most to the next one (review: `sk-sk-sk-...` read 200 characters per
    // anchor, 0.9 s per MB).
    shape:
      `sk-(?:proj|svcacct|None)-${TOKEN}{40,250}|sk-(?:(?!${NEXT_SK})${TOKEN}){0,200}T3BlbkFJ${TOKEN}{1,200}`,
    anchors: ["sk-"],
    reach: 420,
    keep: /^sk-(?:(?:proj|svcacct|None)-)?/,
    masked: "sk-proj-***",
  }),
  prefixed({
    kind: "deepseek",
    label: "DeepSeek API key",
    shape: "sk-[0-9a-f]{32}",
    trail: `(?!${TOKEN})`,
    anchors: ["sk-"],
    reach: 40,
    keep: /^sk-/,
    masked: "sk-***",
  }),
  prefixed({
    kind: "sk-key",
    label: "Secret key with an sk- prefix",
    shape: "sk-[A-Za-z0-9]{40,200}",
    anchors: ["sk-"],
    reach: 210,
    keep: /^sk-/,
    masked: "sk-***",
  }),
  // --- keys with an upper-case prefix ---
  prefixed({
    kind: "aws-access-key-id",
    label: "AWS access key id",
    // Documentation ids end in EXAMPLE (AKIAIOSFODNN7EXAMPLE) and are left alone.
    shape: "(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])(?![A-Z2-7]{9}EXAMPLE)[A-Z2-7]{16}",
    trail: "(?![A-Za-z0-9])",
    anchors: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    tail: "[A-Z0-9]",
    reach: 24,
    keep: /^(?:AKIA|ASIA|ABIA|ACCA|A3T)/,
    masked: "AKIA***",
  }),
  prefixed({
    kind: "google-api-key",
    label: "Google API key",
    shape: `AIza${TOKEN}{35}`,
    trail: `(?!${TOKEN})`,
    anchors: ["AIza"],
    reach: 44,
    keep: /^AIza/,
    masked: "AIza***",
  }),
  prefixed({
    kind: "aws-bedrock-api-key",
    label: "AWS Bedrock API key",
    // Also URL-encoded (`%2B`, `%2F`, `%3D`), as in a query string, with `\/` as some JSON
    // writes `/`, and `\u002B`, `\u002F` as .NET's System.Text.Json writes `+` and `/`.
    shape:
      "ABSK(?:[A-Za-z0-9+/]|%2[BbFf]|\\\\/|\\\\u002[BbFf]){109,269}(?:=|%3[Dd]|\\\\u003[Dd]){0,2}",
    trail: "(?![A-Za-z0-9+/=%]|\\\\/|\\\\u00)",
    anchors: ["ABSK"],
    tail: "[A-Za-z0-9+/=%\\\\]",
    reach: 4 + 6 * 271 + 12,
    keep: /^ABSK/,
    masked: "ABSK***",
  }),
  {
    kind: "azure-openai",
    label: "Azure OpenAI API key",
    // 84 characters: 52, then the signature JQQJ99 (or JQQJ9D, JQQJ9H), then 26.
    // The match starts at the signature; the 52 characters before it are
    // matched by the lookbehind and taken back into the value (`lookback`).
    source: String
      .raw`(?<=(?<![A-Za-z0-9])[A-Za-z0-9]{52})(JQQJ9[9DH][A-Za-z0-9]{26})(?![A-Za-z0-9])`,
    shape: "[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{26}",
    anchors: ["JQQJ9"],
    // Any trailing run of up to 84 letters and digits may still become a key.
    partial: "(?<![A-Za-z0-9])[A-Za-z0-9]{1,84}$",
    reach: 90,
    multiline: false,
    lookback: 52,
    guard: "",
    keep: null,
    masked: MASK,
  },
  // --- keys with a lower-case prefix ---
  prefixed({
    kind: "xai",
    label: "xAI API key",
    shape: "xai-[A-Za-z0-9_]{70,100}",
    trail: `(?!${TOKEN})`,
    anchors: ["xai-"],
    reach: 110,
    keep: /^xai-/,
    masked: "xai-***",
  }),
  prefixed({
    kind: "perplexity",
    label: "Perplexity API key",
    shape: "pplx-[A-Za-z0-9]{40,64}",
    trail: `(?!${TOKEN})`,
    anchors: ["pplx-"],
    reach: 75,
    keep: /^pplx-/,
    masked: "pplx-***",
  }),
  prefixed({
    kind: "groq",
    label: "Groq API key",
    shape: "gsk_[A-Za-z0-9]{48,64}",
    trail: `(?!${TOKEN})`,
    anchors: ["gsk_"],
    reach: 75,
    keep: /^gsk_/,
    masked: "gsk_***",
  }),
  prefixed({
    kind: "huggingface",
    label: "Hugging Face token",
    shape: "hf_[A-Za-z]{30,40}",
    trail: `(?!${TOKEN})`,
    anchors: ["hf_"],
    reach: 50,
    keep: /^hf_/,
    masked: "hf_***",
  }),
  prefixed({
    kind: "github",
    label: "GitHub token",
    shape: String
      .raw`ghs_[A-Za-z0-9]{1,40}_[A-Za-z0-9_.-]{40,1024}|gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])|github_pat_[A-Za-z0-9_]{50,255}`,
    anchors: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    tail: "[A-Za-z0-9_.-]",
    reach: 1080,
    keep: /^(?:github_pat_|gh[pousr]_)/,
    masked: "ghp_***",
  }),
  prefixed({
    kind: "slack",
    label: "Slack token",
    shape: String.raw`(?:xox[abposr]|xoxe\.xox[bp]|xoxe|xapp)-[A-Za-z0-9-]{10,250}`,
    anchors: ["xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xoxe", "xapp-"],
    tail: "[A-Za-z0-9.-]",
    reach: 270,
    keep: /^(?:xoxe\.xox[bp]-|xox[a-z]-|xapp-)/,
    masked: "xoxb-***",
  }),
  {
    kind: "slack-webhook",
    label: "Slack webhook URL",
    // Also URL-encoded, as in a query string.
    source: String
      .raw`hooks\.slack\.com(?:/|%2[Ff])(?:services|workflows|triggers)(?:/|%2[Ff])((?:[A-Za-z0-9_-]|/|%2[Ff]){20,250})`,
    anchors: ["hooks.slack.com"],
    partial: anchoredPartial(["hooks.slack.com"], "[A-Za-z0-9_/%-]"),
    reach: 800,
    multiline: false,
    lookback: 0,
    guard: "",
    keep: null,
    masked: MASK,
  },
  prefixed({
    kind: "aws-bedrock-api-key",
    label: "AWS Bedrock API key",
    shape: "bedrock-api-key-[A-Za-z0-9+/=_.%-]{20,4096}(?:&Version=[0-9]{1,4})?",
    anchors: ["bedrock-api-key-"],
    tail: "[A-Za-z0-9+/=_&.%-]",
    reach: 16 + 4096 + 14 + 10,
    keep: /^bedrock-api-key-/,
    masked: "bedrock-api-key-***",
  }),
  // --- structured secrets ---
  {
    kind: "gcp-service-account",
    label: "GCP service account private key",
    // The match starts at the BEGIN marker, with the key in a lookbehind: a
    // search for "-----BEGIN " is several times faster than for a quote.
    source: String
      .raw`(?<="private_key"[ \t]{0,16}:[ \t]{0,16}")-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----(?:\\r)?(?:\\n)?([^"]{1,16384}?)(?:\\r)?(?:\\n)?-----END [A-Z ]{0,40}PRIVATE KEY-----`,
    anchors: ["-----BEGIN "],
    partial: String
      .raw`"private_key"[ \t]*:?[ \t]*"?(?:-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----(?:(?!-----END [A-Z ]{0,40}PRIVATE KEY-----)[^"])*|[A-Z -]{0,70})$`,
    reach: 16384 + 200,
    multiline: true,
    lookback: 0,
    guard: "",
    keep: null,
    masked: MASK,
  },
  {
    kind: "private-key",
    label: "Private key (PEM)",
    // The body is capped at 16 KiB: a 16384-bit RSA key fits; past that the
    // block is not taken for a key. It holds no other BEGIN marker, so that
    // an attempt reads at most to the next one: a text of BEGIN lines without
    // an END (review: 3 s per MB) is read once, not 16 KiB per line.
    source: String
      .raw`-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:\\r|\r)?(?:\\n|\n)?[ \t]{0,64}((?:(?!-----BEGIN )[\s\S]){1,16384}?)(?:\\r|\r)?(?:\\n|\n)?[ \t]{0,64}-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----`,
    anchors: ["-----BEGIN "],
    partial: String
      .raw`-----BEGIN (?:[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:(?!-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)[\s\S])*|[A-Z0-9 -]{0,80})$`,
    reach: 16384 + 320,
    multiline: true,
    lookback: 0,
    guard: "",
    keep: null,
    masked: MASK,
  },
  prefixed({
    kind: "jwt",
    label: "JSON Web Token",
    // Capped at 4 KiB of header, 8 KiB of payload and 2 KiB of signature. The header stops
    // at the next `eyJ` that could start a token, so that an attempt reads at most to the
    // next one (review: `eyJ_eyJ_...` read 4 KiB per anchor, 10 s per MB).
    shape: String
      .raw`eyJ(?:(?!${NEXT_EYJ})${TOKEN}){10,4096}\.ey${TOKEN}{10,8192}\.${TOKEN}{0,2048}`,
    anchors: ["eyJ"],
    tail: "[A-Za-z0-9_.-]",
    reach: 4096 + 8192 + 2048 + 10,
    keep: /^eyJ/,
    masked: "eyJ***",
  }),
  {
    kind: "url-credentials",
    label: "Password in a URL",
    source: String.raw`://[^\s:/?#@"'<>\\]{0,128}:([^\s/?#"'<>\\]{1,256})@`,
    anchors: ["://"],
    // The anchor in a group of its own, as every partial that starts with one: a short text
    // without it does not run this regex (`_short_text_rules.ts`).
    partial: String.raw`(?::\/\/)[^\s/?#"'<>\\]*$`,
    reach: 400,
    multiline: false,
    lookback: 0,
    guard: "",
    keep: null,
    masked: MASK,
  },
  // --- headers: the value is masked whatever its shape ---
  keyed({
    kind: "authorization-header",
    label: "Authorization header value",
    keys: ["proxy-authorization", "authorization"],
    lead: "(?<![A-Za-z0-9])",
    operator: "[:=]",
    // The scheme may be written twice (`Bearer Bearer <token>`: a client that adds it again).
    between: String
      .raw`${VALUE_START}(?:${SCHEMES}[ \t]{1,16}){0,2}`,
    value: String.raw`[^\s"'\x60\\,;]{1,8192}`,
    tail: String.raw`[^\s"'\x60\\,;]|[ \t"'\x60\\]`,
    reach: 8192 + 60,
  }),
  keyed({
    kind: "azure-openai",
    label: "Azure OpenAI API key",
    keys: ["api-key"],
    lead: "(?<![A-Za-z0-9_-])",
    operator: ":",
    value: "[0-9a-fA-F]{32}(?![A-Za-z0-9_-])",
    reach: 60,
  }),
  keyed({
    kind: "api-key-header",
    label: "API key header value",
    keys: [
      "x-goog-api-key",
      "api-key",
      "ocp-apim-subscription-key",
      "x-auth-token",
      "private-token",
      "x-access-token",
    ],
    operator: "[:=]",
    value: String.raw`[^\s"'\x60\\,;]{1,8192}`,
    tail: String.raw`[^\s"'\x60\\,;]|[ \t"'\x60\\]`,
    reach: 8192 + 30,
  }),
  // --- prefix-less secrets, by context only ---
  keyed({
    kind: "aws-secret-access-key",
    label: "AWS secret access key",
    keys: ["secret?access?key", "aws?secret?key"],
    // Also URL-encoded (`%2B`, `%2F`), as in a query string, with `\/` as some JSON writes `/`,
    // and with `\u002B`, `\u002F` as .NET's System.Text.Json writes `+` and `/`.
    value:
      "(?:[A-Za-z0-9+/]|%2[BbFf]|\\\\/|\\\\u002[BbFf]){40}(?![A-Za-z0-9+/=]|%2[BbFf]|%3[Dd]|\\\\/|\\\\u002[BbFf])",
    reach: 30 + 6 * 40,
  }),
  keyed({
    kind: "aws-session-token",
    label: "AWS session token",
    keys: ["aws?session?token", "aws?security?token", "x-amz-security-token", "sessiontoken"],
    value:
      "(?:[A-Za-z0-9+/]|%2[BbFf]|\\\\/|\\\\u002[BbFf]){100,4096}(?:=|%3[Dd]|\\\\u003[Dd]){0,2}",
    reach: 30 + 6 * 4096 + 12,
  }),
  keyed({
    kind: "mistral",
    label: "Mistral API key",
    keys: ["mistral?api?key", "mistral?key"],
    value: "[A-Za-z0-9]{32}(?![A-Za-z0-9_-])",
    reach: 60,
  }),
  keyed({
    kind: "cohere",
    label: "Cohere API key",
    keys: ["co?api?key", "cohere?api?key", "cohere?key"],
    lead: "(?<![A-Za-z0-9])",
    value: "[A-Za-z0-9]{40}(?![A-Za-z0-9_-])",
    reach: 70,
  }),
  keyed({
    kind: "azure-openai",
    label: "Azure OpenAI API key",
    keys: ["azure?openai?api?key", "azure?openai?key", "azure?api?key", "azure?ai?api?key"],
    value: "(?:[0-9a-fA-F]{32}|[A-Za-z0-9]{84})(?![A-Za-z0-9_-])",
    reach: 110,
  }),
  keyed({
    kind: "credential-assignment",
    label: "Credential assigned to a token, secret or API key name",
    // Keys ending in token, secret, api key or secret key (access_token,
    // client_secret, OPENAI_API_KEY, apiKey, ...). The value has 16 to 1024
    // token characters with at least one digit and is not followed by a call
    // or an index (`token = makeToken2(`), so code stays readable.
    keys: ["token", "secret", "api?key", "secret?key"],
    operator: "(?:=>|:=|[:=>])",
    // An `=` after a key's ending is the next assignment's operator: the value ends before it
    // (`NOT_AFTER_KEY`), so that each attempt reads at most to the next one (review:
    // `api_key=api_key=...` read 2 KiB per operator, 2 s per MB).
    value: String
      .raw`(?=(?:[A-Za-z_.+/~%-]|${NOT_AFTER_KEY}=|\\/|\\u002[BbFf]){0,1023}[0-9])(?:[A-Za-z0-9_.+/~%-]|${NOT_AFTER_KEY}=|\\/|\\u002[BbFf]){16,1024}(?![A-Za-z0-9_.+/~%(\[-]|${NOT_AFTER_KEY}=|\\/|\\u002[BbFf])`,
    reach: 40 + 6 * 1024 + 2,
  }),
  // Last, after every keyed() above has run: the key rules with an encoded operator or quotes.
  ...encodedContext(),
  // A URL's password with the URL's separators escaped; in the regex of the rule above.
  ...encodedUrlCredentialsPatterns(MASK),
];

/** The largest `reach` of all patterns: no match attempt reads further. */
export const MAX_PATTERN_REACH: number = Math.max(...patterns.map((pattern) => pattern.reach));

const shaped = patterns.filter((pattern) => pattern.shape !== undefined);
/** `^(?:shape)$` of each shaped pattern, compiled on first use. */
const shapeRegexes = new Map<SecretPattern, RegExp>();

/**
 * The pattern whose shape the whole of `value` has (an OpenAI key, a JWT,
 * ...), or `undefined` for prefix-less values.
 *
 * @example
 * ```ts
 * import { classifySecret } from "./patterns.ts";
 * classifySecret("AKIA" + "Q".repeat(16))?.kind; // "aws-access-key-id"
 * ```
 */
export function classifySecret(value: string): SecretPattern | undefined {
  // The first shape, in table order, that the whole value has (as one alternation of them would
  // find); a value of a shape holds one of its anchors, so the other shapes are not compiled.
  for (const pattern of shaped) {
    if (!pattern.anchors.some((anchor) => value.includes(anchor))) continue;
    let regex = shapeRegexes.get(pattern);
    if (regex === undefined) {
      regex = new RegExp(`^(?:${pattern.shape})$`);
      shapeRegexes.set(pattern, regex);
    }
    if (regex.test(value)) return pattern;
  }
  return undefined;
}

/**
 * The masked form of `value` under `pattern`: the prefix the pattern keeps
 * followed by `***`, or `***` alone.
 */
export function maskWith(pattern: SecretPattern | undefined, value: string): string {
  const kept = pattern?.keep?.exec(value)?.[0] ?? "";
  return kept + MASK;
}
