/**
 * Checks that a credential has the shape its provider issues, to catch a key
 * pasted into the wrong place before it is sent anywhere.
 *
 * The shapes follow `SECRET_FORMATS.md`. A rule is a sentence naming the
 * expected shape; it never contains the value, so it is safe to print.
 *
 * How strict each check is:
 * - OpenAI documents no format and has changed it several times, so any
 *   `sk-` followed by at least 20 of `[A-Za-z0-9_-]` is accepted (this covers
 *   the legacy, `sk-proj-`, `sk-svcacct-` and `sk-admin-` forms); keys of
 *   other providers that also start with `sk-` (OpenRouter, Anthropic) are
 *   refused with a rule saying whose key it looks like.
 * - Providers with a documented fixed shape (Anthropic, Gemini, xAI,
 *   Perplexity, OpenRouter, Mistral, Azure, AWS) are checked exactly.
 * - Custom OpenAI-compatible providers accept any key of at least 8
 *   characters (`MIN_KNOWN_SECRET_LENGTH`): a shorter one could not be
 *   registered with the redaction module, so an endpoint that echoes it
 *   back would have it printed.
 * - Every secret is refused when it contains whitespace or a control
 *   character, the usual trace of a copy-and-paste slip.
 *
 * @module
 */

import { decodePrivateKeyPem } from "../secrets/decode_private_key_pem.ts";
import { MIN_KNOWN_SECRET_LENGTH } from "../security/redact.ts";
import {
  canonicalProviderId,
  type CredentialFieldName,
  isKnownProvider,
  providerCredentials,
} from "../permissions/provider_credentials.ts";

/** The outcome of a format check: `rule` names the expected shape, never the value. */
export type KeyFormatResult = { ok: true } | { ok: false; rule: string };

interface KeyShape {
  /** Whose key this is, for "looks like …" rules: `an OpenRouter key`. */
  readonly name: string;
  readonly provider: string;
  readonly field: CredentialFieldName;
  readonly pattern: RegExp;
}

/**
 * Shapes distinctive enough to recognise a key given in the wrong place.
 * Prefix-less formats (Mistral, Azure, AWS secret keys) are not listed: they
 * cannot be told apart from other random strings.
 */
const DISTINCTIVE_SHAPES: readonly KeyShape[] = [
  {
    // Every OpenAI key of today holds "T3BlbkFJ" ("OpenAI" in base64) between its two halves.
    name: "an OpenAI key",
    provider: "openai",
    field: "api_key",
    pattern: /^sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}$/,
  },
  {
    name: "an OpenRouter key",
    provider: "openrouter",
    field: "api_key",
    pattern: /^sk-or-/,
  },
  {
    name: "an Anthropic key",
    provider: "anthropic",
    field: "api_key",
    pattern: /^sk-ant-/,
  },
  {
    name: "a Google API key",
    provider: "gemini",
    field: "api_key",
    pattern: /^AIza[A-Za-z0-9_-]{35}$/,
  },
  {
    name: "an xAI key",
    provider: "xai",
    field: "api_key",
    pattern: /^xai-[A-Za-z0-9_]{80}$/,
  },
  {
    name: "a Perplexity key",
    provider: "perplexity",
    field: "api_key",
    pattern: /^pplx-[A-Za-z0-9]{48}$/,
  },
  {
    name: "an AWS access key id",
    provider: "bedrock",
    field: "access_key_id",
    pattern: /^(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/,
  },
  {
    name: "an Amazon Bedrock API key",
    provider: "bedrock",
    field: "api_key",
    pattern: /^ABSK[A-Za-z0-9+/=]{109,269}$/,
  },
];

interface FormatRule {
  readonly test: (value: string) => boolean;
  readonly rule: string;
}

const OPENAI_API_KEY: FormatRule = {
  test: (value) => /^sk-[A-Za-z0-9_-]{20,}$/.test(value),
  rule: 'OpenAI keys start with "sk-" followed by at least 20 letters, digits, "-" or "_"',
};

const ANTHROPIC_API_KEY: FormatRule = {
  test: (value) => /^sk-ant-(api03|admin01)-[A-Za-z0-9_-]{93}AA$/.test(value),
  rule: 'Anthropic keys start with "sk-ant-api03-" (admin keys "sk-ant-admin01-"), ' +
    'continue with 93 letters, digits, "-" or "_" and end with "AA"',
};

const GOOGLE_API_KEY: FormatRule = {
  test: (value) => /^AIza[A-Za-z0-9_-]{35}$/.test(value),
  rule: 'Google API keys start with "AIza" followed by 35 letters, digits, "-" or "_"',
};

const XAI_API_KEY: FormatRule = {
  test: (value) => /^xai-[A-Za-z0-9_]{80}$/.test(value),
  rule: 'xAI keys start with "xai-" followed by 80 letters, digits or "_"',
};

const PERPLEXITY_API_KEY: FormatRule = {
  test: (value) => /^pplx-[A-Za-z0-9]{48}$/.test(value),
  rule: 'Perplexity keys start with "pplx-" followed by 48 letters or digits',
};

const OPENROUTER_API_KEY: FormatRule = {
  test: (value) => /^sk-or-v1-[0-9a-f]{64}$/.test(value),
  rule: 'OpenRouter keys start with "sk-or-v1-" followed by 64 lower-case hexadecimal digits',
};

const MISTRAL_API_KEY: FormatRule = {
  test: (value) => /^[A-Za-z0-9]{32}$/.test(value),
  rule: "Mistral keys are 32 letters or digits",
};

const AZURE_API_KEY: FormatRule = {
  test: (value) =>
    /^[0-9a-fA-F]{32}$/.test(value) || /^[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{26}$/.test(value),
  rule: "Azure OpenAI keys are 32 hexadecimal digits, " +
    'or 84 letters and digits with "JQQJ99" after the first 52',
};

const AWS_ACCESS_KEY_ID: FormatRule = {
  test: (value) => /^(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/.test(value),
  rule: 'AWS access key ids start with "AKIA" (or "ASIA" for temporary ones, "ABIA", "ACCA") ' +
    "followed by 16 capital letters or digits 2 to 7, 20 characters in all",
};

const AWS_SECRET_ACCESS_KEY: FormatRule = {
  test: (value) => /^[A-Za-z0-9+/]{40}$/.test(value),
  rule: 'AWS secret access keys are exactly 40 letters, digits, "+" or "/"',
};

const AWS_SESSION_TOKEN: FormatRule = {
  test: (value) => /^[A-Za-z0-9+/=]{100,}$/.test(value),
  rule: 'AWS session tokens are at least 100 letters, digits, "+", "/" or "="',
};

const BEDROCK_API_KEY: FormatRule = {
  test: (value) =>
    /^ABSK[A-Za-z0-9+/=]{109,269}$/.test(value) ||
    /^bedrock-api-key-[A-Za-z0-9+/=_-]{20,}$/.test(value),
  rule: 'Amazon Bedrock API keys start with "ABSK" followed by 109 to 269 base64 characters, ' +
    'or "bedrock-api-key-" for short-term keys',
};

const AWS_REGION: FormatRule = {
  test: (value) => /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/.test(value),
  rule: 'AWS regions look like "us-east-1": lower-case words and a number joined by "-"',
};

/** Format rules by canonical provider id and field. */
const FORMAT_RULES: Readonly<Record<string, Partial<Record<CredentialFieldName, FormatRule>>>> = {
  openai: { api_key: OPENAI_API_KEY },
  anthropic: { api_key: ANTHROPIC_API_KEY },
  gemini: { api_key: GOOGLE_API_KEY },
  bedrock: {
    access_key_id: AWS_ACCESS_KEY_ID,
    secret_access_key: AWS_SECRET_ACCESS_KEY,
    session_token: AWS_SESSION_TOKEN,
    api_key: BEDROCK_API_KEY,
    region: AWS_REGION,
  },
  azure: { api_key: AZURE_API_KEY },
  mistral: { api_key: MISTRAL_API_KEY },
  xai: { api_key: XAI_API_KEY },
  perplexity: { api_key: PERPLEXITY_API_KEY },
  openrouter: { api_key: OPENROUTER_API_KEY },
};

/** Control characters and line or paragraph separators. */
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;
/** Whitespace, control characters and invisible format characters (zero-width space, BOM…). */
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}\p{Cf}]/u;

/**
 * Checks one credential value against the shape its provider issues.
 * `provider` may be an alias (`claude`); an id outside the table is a custom
 * OpenAI-compatible provider, whose key only has to be free of whitespace and
 * control characters and at least 8 characters long.
 *
 * @example
 * ```ts
 * import { checkKeyFormat } from "./key_formats.ts";
 * const result = checkKeyFormat("openai", "api_key", "sk-or-v1-" + "0".repeat(64));
 * // { ok: false, rule: 'This looks like an OpenRouter key, not an OpenAI key: …' }
 * ```
 */
export function checkKeyFormat(provider: string, field: string, value: string): KeyFormatResult {
  const spec = providerCredentials(provider);
  const fieldSpec = spec.fields.find((candidate) => candidate.field === field);
  if (fieldSpec === undefined) {
    if (spec.fields.length === 0) {
      return { ok: false, rule: `${spec.displayName} does not use credentials` };
    }
    const expected = spec.fields.map((candidate) => `"${candidate.field}"`).join(", ");
    return {
      ok: false,
      rule: `${spec.displayName} has no credential field "${field}"; expected one of ${expected}`,
    };
  }
  if (value === "") return { ok: false, rule: `The ${fieldSpec.label} is empty` };
  if (fieldSpec.field === "service_account") return checkServiceAccount(value);

  if (fieldSpec.secret ? WHITESPACE_OR_CONTROL.test(value) : CONTROL_CHARACTER.test(value)) {
    const what = fieldSpec.secret
      ? "a space, tab, line break or other invisible character"
      : "a line break or other control character";
    return {
      ok: false,
      rule: `The ${fieldSpec.label} contains ${what}, usually left over from copy and paste`,
    };
  }

  if (!isKnownProvider(provider)) {
    // registerSecret ignores shorter values: echoed back by the endpoint, such a key would be printed.
    if (fieldSpec.secret && value.length < MIN_KNOWN_SECRET_LENGTH) {
      return {
        ok: false,
        rule: `The ${fieldSpec.label} is shorter than ${MIN_KNOWN_SECRET_LENGTH} characters, ` +
          "too short for omn to keep out of its output: use a longer key, or none",
      };
    }
    return { ok: true };
  }

  const id = canonicalProviderId(provider);
  const formatRule = FORMAT_RULES[id]?.[fieldSpec.field];
  const expectedName = fieldSpec.field === "api_key"
    ? `${withArticle(spec.displayName)} key`
    : withArticle(fieldSpec.label);

  if (fieldSpec.secret) {
    const foreign = DISTINCTIVE_SHAPES.find((shape) =>
      !(shape.provider === id && shape.field === fieldSpec.field) && shape.pattern.test(value)
    );
    if (foreign !== undefined) {
      const detail = formatRule === undefined ? "" : `: ${formatRule.rule}`;
      return { ok: false, rule: `This looks like ${foreign.name}, not ${expectedName}${detail}` };
    }
  }

  if (
    (fieldSpec.field === "access_key_id" && value.endsWith("EXAMPLE")) ||
    (fieldSpec.field === "secret_access_key" && value.endsWith("EXAMPLEKEY"))
  ) {
    return {
      ok: false,
      rule: `This is the placeholder from the AWS documentation, not a real ${fieldSpec.label}`,
    };
  }

  if (formatRule === undefined || formatRule.test(value)) return { ok: true };
  return { ok: false, rule: formatRule.rule };
}

const SERVICE_ACCOUNT_RULE = "A service account key is the JSON text of a Google service account " +
  'key file: an object with "type": "service_account", "client_email" and a "private_key" in PEM form';

/**
 * Checks the JSON text of a Google service account key. Whitespace is part
 * of JSON, so it is allowed here; the parser's own message is not used, as
 * it may quote the text.
 */
function checkServiceAccount(value: string): KeyFormatResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { ok: false, rule: SERVICE_ACCOUNT_RULE };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { ok: false, rule: SERVICE_ACCOUNT_RULE };
  }
  const account = parsed as Record<string, unknown>;
  const valid = account.type === "service_account" &&
    typeof account.client_email === "string" && account.client_email !== "" &&
    typeof account.private_key === "string" &&
    /-----BEGIN (RSA )?PRIVATE KEY-----/.test(account.private_key);
  if (!valid) return { ok: false, rule: SERVICE_ACCOUNT_RULE };
  const decoded = decodePrivateKeyPem(account.private_key as string);
  if (decoded.ok) return { ok: true };
  return {
    ok: false,
    rule: `The service account key's "private_key" is damaged: ${decoded.problem}; ` +
      "import the key file exactly as Google Cloud gave it",
  };
}

/** "an OpenAI", "a Mistral", "an xAI": the article that goes before a name. */
function withArticle(noun: string): string {
  return /^([AEIOU]|x[A-Z])/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** The outcome of checking a provider's whole set of credentials. */
export type CredentialSetResult = { ok: true } | { ok: false; field: string; rule: string };

/**
 * Checks a provider's credentials together: every present field with
 * {@linkcode checkKeyFormat}, then the rules that join fields. For Bedrock a
 * temporary access key id (`ASIA…`) needs a session token, and a session
 * token is refused beside a long-term key id (AWS rejects that pair).
 * Absent fields are not reported here; `resolveCredentials` lists them.
 *
 * @example
 * ```ts
 * import { checkCredentialSet } from "./key_formats.ts";
 * checkCredentialSet("bedrock", {
 *   access_key_id: "ASIACANARYCANARYCANA",
 *   secret_access_key: "CANARY".padEnd(40, "x"),
 *   region: "us-east-1",
 * });
 * // { ok: false, field: "session_token", rule: "Temporary AWS access key ids …" }
 * ```
 */
export function checkCredentialSet(
  provider: string,
  fields: Readonly<Record<string, string | undefined>>,
): CredentialSetResult {
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const result = checkKeyFormat(provider, field, value);
    if (!result.ok) return { ok: false, field, rule: result.rule };
  }

  if (canonicalProviderId(provider) === "bedrock") {
    const accessKeyId = fields.access_key_id;
    const hasSessionToken = fields.session_token !== undefined && fields.session_token !== "";
    if (accessKeyId?.startsWith("ASIA") && !hasSessionToken) {
      return {
        ok: false,
        field: "session_token",
        rule: 'Temporary AWS access key ids (starting with "ASIA") need a session token: ' +
          "set AWS_SESSION_TOKEN with the token issued alongside the key",
      };
    }
    if (accessKeyId !== undefined && !accessKeyId.startsWith("ASIA") && hasSessionToken) {
      return {
        ok: false,
        field: "session_token",
        rule:
          'A session token only goes with a temporary AWS access key id (starting with "ASIA"); ' +
          "unset AWS_SESSION_TOKEN or use the temporary key it was issued with",
      };
    }
  }
  return { ok: true };
}
