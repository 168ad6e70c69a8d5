/**
 * Test corpus for the redaction module: real-shaped canary secrets of every
 * format, generated deterministically (fixed seed; `CANARY` inside wherever
 * the alphabet allows), each embedded in about twenty contexts; and benign
 * texts that must come out byte-identical.
 *
 * @module
 */

/** A deterministic generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(20260301);

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const LETTERS = UPPER + LOWER;
const ALNUM = LETTERS + DIGITS;
const TOKEN = ALNUM + "_-";
const BASE64 = ALNUM + "+/";
const HEX = "0123456789abcdef";
const BASE32 = UPPER + "234567";

/**
 * `length` characters of `alphabet`, with `CANARY` at a random place when
 * the alphabet has its letters, and at least one digit and one symbol of
 * the alphabet when it has them.
 */
export function canaryString(alphabet: string, length: number): string {
  const characters = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]);
  const marker = "CANARY";
  if (
    length >= marker.length + 4 && [...marker].every((character) => alphabet.includes(character))
  ) {
    const at = 2 + Math.floor(random() * (length - marker.length - 3));
    characters.splice(at, marker.length, ...marker);
  }
  const digits = [...DIGITS].filter((digit) => alphabet.includes(digit));
  if (digits.length > 0 && !characters.some((character) => DIGITS.includes(character))) {
    characters[length - 2] = digits[length % digits.length];
  }
  const symbols = [...alphabet].filter((character) => !ALNUM.includes(character));
  for (const symbol of symbols) {
    if (!characters.includes(symbol)) characters[1 + Math.floor(random() * (length - 3))] = symbol;
  }
  return characters.join("");
}

/** One canary secret and where it may be embedded. */
export interface Canary {
  /** What the canary is, for test names. */
  name: string;
  /** The kind `findSecrets` reports for it when recognised by shape or by its own context. */
  kind: string;
  /** The text embedded in a context. */
  text: string;
  /** Strings that must not survive redaction (default: `text`). */
  hide?: string[];
  /** The prefix the masked form keeps (`sk-ant-`), empty for `***` alone. */
  keep: string;
  /** The variable name it is usually stored in. */
  key: string;
  /** `prefix`: recognised anywhere; `context`: only next to its key or in a header; `header`: only as a header value; `url`: only as a URL password; `pem`: PEM contexts. */
  scope: "prefix" | "context" | "header" | "url" | "pem";
}

function pemBody(lines: number, width = 64): string[] {
  const body: string[] = [];
  for (let line = 0; line < lines; line++) body.push(canaryString(BASE64, width));
  body.push(canaryString(BASE64, 24) + "==");
  return body;
}

function githubPat(): string {
  return `github_pat_${canaryString(ALNUM, 22)}_${canaryString(ALNUM, 59)}`;
}

function jwt(): string {
  const header = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";
  const payload =
    "eyJzdWIiOiJDQU5BUlkiLCJpc3MiOiJodHRwczovL2lkLmV4YW1wbGUuY29tIiwiZXhwIjoxNzc0MDAwMDAwfQ";
  return `${header}.${payload}.${canaryString(TOKEN, 86)}`;
}

const rsaBody = pemBody(12);
const ecBody = pemBody(3);
const sshBody = pemBody(6, 70);

/** Every canary secret. */
export const canaries: Canary[] = [
  {
    name: "OpenAI project key",
    kind: "openai",
    text: `sk-proj-${canaryString(TOKEN, 74)}T3BlbkFJ${canaryString(TOKEN, 74)}`,
    keep: "sk-proj-",
    key: "OPENAI_API_KEY",
    scope: "prefix",
  },
  {
    name: "OpenAI service account key",
    kind: "openai",
    text: `sk-svcacct-${canaryString(TOKEN, 58)}T3BlbkFJ${canaryString(TOKEN, 58)}`,
    keep: "sk-svcacct-",
    key: "OPENAI_API_KEY",
    scope: "prefix",
  },
  {
    name: "OpenAI admin key",
    kind: "openai-admin",
    text: `sk-admin-${canaryString(TOKEN, 58)}T3BlbkFJ${canaryString(TOKEN, 58)}`,
    keep: "sk-admin-",
    key: "OPENAI_ADMIN_KEY",
    scope: "prefix",
  },
  {
    name: "OpenAI legacy key",
    kind: "openai",
    text: `sk-${canaryString(ALNUM, 20)}T3BlbkFJ${canaryString(ALNUM, 20)}`,
    keep: "sk-",
    key: "OPENAI_API_KEY",
    scope: "prefix",
  },
  {
    name: "Anthropic API key",
    kind: "anthropic",
    text: `sk-ant-api03-${canaryString(TOKEN, 93)}AA`,
    keep: "sk-ant-",
    key: "ANTHROPIC_API_KEY",
    scope: "prefix",
  },
  {
    name: "Anthropic admin key",
    kind: "anthropic-admin",
    text: `sk-ant-admin01-${canaryString(TOKEN, 93)}AA`,
    keep: "sk-ant-",
    key: "ANTHROPIC_ADMIN_KEY",
    scope: "prefix",
  },
  ...["AKIA", "ASIA", "ABIA", "ACCA"].map((prefix): Canary => ({
    name: `AWS access key id ${prefix}`,
    kind: "aws-access-key-id",
    text: prefix + canaryString(BASE32, 16),
    keep: prefix,
    key: "AWS_ACCESS_KEY_ID",
    scope: "prefix",
  })),
  {
    name: "AWS access key id A3T",
    kind: "aws-access-key-id",
    text: "A3TX" + canaryString(BASE32, 16),
    keep: "A3T",
    key: "AWS_ACCESS_KEY_ID",
    scope: "prefix",
  },
  {
    name: "AWS secret access key",
    kind: "aws-secret-access-key",
    text: canaryString(BASE64, 40),
    keep: "",
    key: "AWS_SECRET_ACCESS_KEY",
    scope: "context",
  },
  {
    name: "AWS session token",
    kind: "aws-session-token",
    text: "IQoJb3JpZ2luX2Vj" + canaryString(BASE64, 340) + "==",
    keep: "",
    key: "AWS_SESSION_TOKEN",
    scope: "context",
  },
  {
    name: "AWS Bedrock API key",
    kind: "aws-bedrock-api-key",
    text: "ABSK" + canaryString(BASE64, 132),
    keep: "ABSK",
    key: "AWS_BEARER_TOKEN_BEDROCK",
    scope: "prefix",
  },
  {
    name: "AWS Bedrock short-term key",
    kind: "aws-bedrock-api-key",
    text: "bedrock-api-key-" + canaryString(ALNUM + "+/", 600) + "&Version=1",
    keep: "bedrock-api-key-",
    key: "AWS_BEARER_TOKEN_BEDROCK",
    scope: "prefix",
  },
  {
    name: "Google API key",
    kind: "google-api-key",
    text: "AIza" + canaryString(TOKEN, 35),
    keep: "AIza",
    key: "GEMINI_API_KEY",
    scope: "prefix",
  },
  {
    name: "Azure OpenAI key, new format",
    kind: "azure-openai",
    text: `${canaryString(ALNUM, 52)}JQQJ99${canaryString(ALNUM, 4)}AAABACOG${
      canaryString(ALNUM, 14)
    }`,
    keep: "",
    key: "AZURE_OPENAI_API_KEY",
    scope: "prefix",
  },
  {
    name: "Azure OpenAI key, old format",
    kind: "azure-openai",
    text: canaryString(HEX, 32),
    keep: "",
    key: "AZURE_OPENAI_API_KEY",
    scope: "context",
  },
  {
    name: "xAI key",
    kind: "xai",
    text: "xai-" + canaryString(ALNUM + "_", 80),
    keep: "xai-",
    key: "XAI_API_KEY",
    scope: "prefix",
  },
  {
    name: "Perplexity key",
    kind: "perplexity",
    text: "pplx-" + canaryString(ALNUM, 48),
    keep: "pplx-",
    key: "PERPLEXITY_API_KEY",
    scope: "prefix",
  },
  {
    name: "OpenRouter key",
    kind: "openrouter",
    text: "sk-or-v1-" + canaryString(HEX, 64),
    keep: "sk-or-v1-",
    key: "OPENROUTER_API_KEY",
    scope: "prefix",
  },
  {
    name: "Mistral key",
    kind: "mistral",
    text: canaryString(ALNUM, 32),
    keep: "",
    key: "MISTRAL_API_KEY",
    scope: "context",
  },
  {
    name: "Cohere key",
    kind: "cohere",
    text: canaryString(ALNUM, 40),
    keep: "",
    key: "CO_API_KEY",
    scope: "context",
  },
  {
    name: "DeepSeek key",
    kind: "deepseek",
    text: "sk-" + canaryString(HEX, 32),
    keep: "sk-",
    key: "DEEPSEEK_API_KEY",
    scope: "prefix",
  },
  {
    name: "Groq key",
    kind: "groq",
    text: "gsk_" + canaryString(ALNUM, 52),
    keep: "gsk_",
    key: "GROQ_API_KEY",
    scope: "prefix",
  },
  {
    name: "Hugging Face token",
    kind: "huggingface",
    text: "hf_" + canaryString(LETTERS, 34),
    keep: "hf_",
    key: "HF_TOKEN",
    scope: "prefix",
  },
  ...["ghp_", "gho_", "ghu_", "ghs_", "ghr_"].map((prefix): Canary => ({
    name: `GitHub token ${prefix}`,
    kind: "github",
    text: prefix + canaryString(ALNUM, 36),
    keep: prefix,
    key: "GITHUB_TOKEN",
    scope: "prefix",
  })),
  {
    name: "GitHub fine-grained token",
    kind: "github",
    text: githubPat(),
    keep: "github_pat_",
    key: "GITHUB_TOKEN",
    scope: "prefix",
  },
  {
    name: "GitHub app installation token",
    kind: "github",
    text: `ghs_12345678_${jwt()}`,
    keep: "ghs_",
    key: "GITHUB_TOKEN",
    scope: "prefix",
  },
  {
    name: "Slack bot token",
    kind: "slack",
    text: `xoxb-2${canaryString(DIGITS, 11)}-${canaryString(DIGITS, 13)}-${
      canaryString(ALNUM, 24)
    }`,
    keep: "xoxb-",
    key: "SLACK_BOT_TOKEN",
    scope: "prefix",
  },
  {
    name: "Slack user token",
    kind: "slack",
    text: `xoxp-2${canaryString(DIGITS, 11)}-${canaryString(DIGITS, 12)}-${
      canaryString(DIGITS, 13)
    }-${canaryString(HEX, 32)}`,
    keep: "xoxp-",
    key: "SLACK_USER_TOKEN",
    scope: "prefix",
  },
  {
    name: "Slack app token",
    kind: "slack",
    text: `xapp-1-A${canaryString(UPPER + DIGITS, 10)}-${canaryString(DIGITS, 13)}-${
      canaryString(HEX, 64)
    }`,
    keep: "xapp-",
    key: "SLACK_APP_TOKEN",
    scope: "prefix",
  },
  (() => {
    const path = `T0${canaryString(UPPER + DIGITS, 8)}/B0${canaryString(UPPER + DIGITS, 8)}/${
      canaryString(ALNUM, 24)
    }`;
    return {
      name: "Slack webhook URL",
      kind: "slack-webhook",
      text: `https://hooks.slack.com/services/${path}`,
      hide: [path],
      keep: "",
      key: "SLACK_WEBHOOK_URL",
      scope: "prefix",
    } satisfies Canary;
  })(),
  {
    name: "JWT",
    kind: "jwt",
    text: jwt(),
    keep: "eyJ",
    key: "ID_TOKEN",
    scope: "prefix",
  },
  {
    name: "opaque bearer token",
    kind: "authorization-header",
    text: `opaque.${canaryString(TOKEN, 20)}`,
    keep: "",
    key: "TOKEN",
    scope: "header",
  },
  {
    name: "short header value",
    kind: "authorization-header",
    text: "Zx9Q!k",
    keep: "",
    key: "TOKEN",
    scope: "header",
  },
  {
    name: "URL password",
    kind: "url-credentials",
    text: `Pa55-${canaryString(ALNUM, 12)}!`,
    keep: "",
    key: "DATABASE_URL",
    scope: "url",
  },
  {
    name: "RSA private key",
    kind: "private-key",
    text: `-----BEGIN RSA PRIVATE KEY-----\n${rsaBody.join("\n")}\n-----END RSA PRIVATE KEY-----`,
    hide: rsaBody,
    keep: "",
    key: "TLS_KEY",
    scope: "pem",
  },
  {
    name: "EC private key",
    kind: "private-key",
    text: `-----BEGIN EC PRIVATE KEY-----\n${ecBody.join("\n")}\n-----END EC PRIVATE KEY-----`,
    hide: ecBody,
    keep: "",
    key: "EC_KEY",
    scope: "pem",
  },
  {
    name: "OpenSSH private key",
    kind: "private-key",
    text: `-----BEGIN OPENSSH PRIVATE KEY-----\n${
      sshBody.join("\n")
    }\n-----END OPENSSH PRIVATE KEY-----`,
    hide: sshBody,
    keep: "",
    key: "SSH_KEY",
    scope: "pem",
  },
];

/** One text built from a canary and a context. */
export interface CorpusCase {
  /** `canary name / context name`. */
  name: string;
  /** The canary embedded. */
  canary: Canary;
  /** The context's name. */
  context: string;
  /** The context's type: how the value sits in it. */
  contextType: "bare" | "keyed" | "header" | "url" | "pem";
  /** The text. */
  text: string;
  /** Strings that must not survive redaction, as they appear in `text`. */
  hide: string[];
  /** Whether the value appears as itself (not URL-encoded or escaped), so its masked prefix is expected. */
  verbatim: boolean;
}

interface Context {
  name: string;
  /** `prefix` contexts show the bare value; `keyed` ones put it next to its key or in a header. */
  type: "bare" | "keyed" | "header" | "url" | "pem";
  encode?: (value: string) => string;
  render: (key: string, value: string) => string;
}

const jsonEscape = (value: string) => JSON.stringify(value).slice(1, -1);

/** The contexts a value is embedded in. */
export const contexts: Context[] = [
  {
    name: "JSON",
    type: "keyed",
    render: (key, value) => `{"name": "prod", "${key}": "${value}", "region": "eu-west-1"}\n`,
  },
  {
    name: "YAML",
    type: "keyed",
    render: (key, value) => `service:\n  name: api\n  ${key}: ${value}\n  replicas: 3\n`,
  },
  {
    name: ".env",
    type: "keyed",
    render: (key, value) => `# generated\n${key}=${value}\nDEBUG=false\n`,
  },
  { name: "shell export", type: "keyed", render: (key, value) => `export ${key}='${value}'\n` },
  {
    name: "curl header",
    type: "header",
    render: (_key, value) =>
      `curl -sS https://api.example.com/v1/models -H "Authorization: Bearer ${value}" -H "Content-Type: application/json"\n`,
  },
  {
    name: "Authorization header",
    type: "header",
    render: (_key, value) => `Authorization: ${value}\r\nAccept: */*\r\n`,
  },
  {
    name: "URL query",
    type: "keyed",
    encode: encodeURIComponent,
    render: (key, value) =>
      `GET https://api.example.com/v1/search?q=weather&${key.toLowerCase()}=${value}&page=2 200\n`,
  },
  {
    name: "URL query, bare",
    type: "bare",
    render: (_key, value) =>
      `https://generativelanguage.example.com/v1/models?key=${value}&alt=sse\n`,
  },
  {
    name: "URL userinfo",
    type: "url",
    encode: encodeURIComponent,
    render: (_key, value) => `git clone https://deploy:${value}@git.example.com/org/repo.git\n`,
  },
  {
    name: "log line",
    type: "bare",
    render: (_key, value) =>
      `2026-03-01T12:00:00.123Z WARN  [req=4b1f] upstream rejected credential ${value} status=401\n`,
  },
  {
    name: "log line, keyed",
    type: "keyed",
    render: (key, value) => `2026-03-01T12:00:00.123Z DEBUG loaded ${key}=${value} from env\n`,
  },
  {
    name: "Python source",
    type: "keyed",
    render: (key, value) =>
      `import os\n\n${key} = "${value}"  # TODO: move to vault\nclient = Client()\n`,
  },
  {
    name: "JS source",
    type: "bare",
    render: (_key, value) => `const client = new Client({ auth: "${value}", retries: 2 });\n`,
  },
  {
    name: "TOML",
    type: "keyed",
    render: (key, value) => `[provider]\n${key.toLowerCase()} = "${value}"\n`,
  },
  {
    name: "XML",
    type: "keyed",
    render: (key, value) => `<config><${key}>${value}</${key}></config>\n`,
  },
  {
    name: "CSV",
    type: "keyed",
    render: (key, value) => `name,value\n${key},${value}\nregion,eu\n`,
  },
  {
    name: "markdown code block",
    type: "keyed",
    render: (key, value) => "Run:\n\n```bash\nexport " + key + "=" + value + "\nomn ask hi\n```\n",
  },
  {
    name: "error message",
    type: "bare",
    render: (_key, value) =>
      `Error: request failed: invalid credential "${value}" (401 Unauthorized)\n`,
  },
  {
    name: "stack trace",
    type: "bare",
    render: (_key, value) =>
      `TypeError: bad credential ${value}\n    at callApi (file:///app/src/client.ts:42:13)\n    at async main (file:///app/main.ts:7:3)\n`,
  },
  {
    name: "docker env",
    type: "keyed",
    render: (key, value) => `docker run --rm -e ${key}=${value} ghcr.io/example/app:1.2.3\n`,
  },
  {
    name: "k8s secret",
    type: "keyed",
    render: (key, value) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ntype: Opaque\nstringData:\n  ${key}: "${value}"\n`,
  },
  {
    name: "HTTP request dump",
    type: "header",
    render: (_key, value) =>
      `POST /v1/messages HTTP/1.1\r\nHost: api.example.com\r\nx-api-key: ${value}\r\ncontent-type: application/json\r\n\r\n{"model":"m","max_tokens":1024}`,
  },
  {
    name: "multi-line JSON",
    type: "keyed",
    render: (key, value) => `{\n  "credentials": {\n    "${key}": "${value}"\n  }\n}\n`,
  },
  {
    name: "escaped JSON in a log",
    type: "keyed",
    encode: jsonEscape,
    render: (key, value) => `{"level":"info","msg":"config {\\"${key}\\": \\"${value}\\"}"}\n`,
  },
  {
    name: "prose",
    type: "bare",
    render: (_key, value) => `Please rotate ${value} before Friday.\n`,
  },
  {
    name: "database URL",
    type: "url",
    encode: encodeURIComponent,
    render: (_key, value) => `DATABASE_URL=postgres://app:${value}@db.internal:5432/app\n`,
  },
  // PEM blocks.
  { name: "PEM file", type: "pem", render: (_key, value) => `${value}\n` },
  {
    name: "PEM, CRLF",
    type: "pem",
    encode: (value) => value.replaceAll("\n", "\r\n"),
    render: (_key, value) => `${value}\r\n`,
  },
  {
    name: "PEM in YAML block",
    type: "pem",
    encode: (value) => value.replaceAll("\n", "\n    "),
    render: (key, value) => `tls:\n  ${key.toLowerCase()}: |\n    ${value}\n  ca: none\n`,
  },
  {
    name: "PEM in GCP service account JSON",
    type: "pem",
    encode: jsonEscape,
    render: (_key, value) =>
      `{\n  "type": "service_account",\n  "project_id": "demo",\n  "private_key_id": "0123456789abcdef0123456789abcdef01234567",\n  "private_key": "${value}\\n",\n  "client_email": "bot@demo.iam.gserviceaccount.com"\n}\n`,
  },
  {
    name: "PEM in .env",
    type: "pem",
    render: (key, value) => `${key}="${value}"\nPORT=8080\n`,
  },
  {
    name: "PEM in a log line",
    type: "pem",
    encode: jsonEscape,
    render: (_key, value) => `2026-03-01T12:00:00Z ERROR cannot parse key ${value} at offset 0\n`,
  },
  {
    name: "PEM in a markdown block",
    type: "pem",
    render: (_key, value) => "Key:\n\n```\n" + value + "\n```\n",
  },
  {
    name: "PEM in Python",
    type: "pem",
    render: (key, value) => `${key} = """${value}"""\n`,
  },
];

const scopeContexts: Record<Canary["scope"], Context["type"][]> = {
  prefix: ["bare", "keyed", "header", "url"],
  context: ["keyed", "header"],
  header: ["header"],
  url: ["url"],
  pem: ["pem"],
};

function buildCases(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const canary of canaries) {
    for (const context of contexts) {
      if (!scopeContexts[canary.scope].includes(context.type)) continue;
      const encode = context.encode ?? ((value: string) => value);
      const shown = encode(canary.text);
      cases.push({
        name: `${canary.name} / ${context.name}`,
        canary,
        context: context.name,
        contextType: context.type,
        text: context.render(canary.key, shown),
        hide: (canary.hide ?? [canary.text]).map(encode),
        verbatim: shown === canary.text,
      });
    }
  }
  return cases;
}

/** Every canary in every context that suits it. */
export const corpus: CorpusCase[] = buildCases();

function hex(length: number): string {
  return Array.from({ length }, () => HEX[Math.floor(random() * 16)]).join("");
}

function uuid(): string {
  const digits = hex(32);
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-a${
    digits.slice(17, 20)
  }-${digits.slice(20)}`;
}

function base64Blob(length: number): string {
  return Array.from({ length }, () => BASE64[Math.floor(random() * 64)]).join("");
}

/** Texts without any secret: they must come out of `redact` byte-identical. */
export const benign: { name: string; text: string }[] = [
  { name: "git commit id", text: `commit ${hex(40)}\nMerge: ${hex(7)} ${hex(7)}\n` },
  { name: "git log oneline", text: `${hex(40)} Fix the parser (#123)\n${hex(40)} Bump deps\n` },
  { name: "sha256", text: `sha256  ${hex(64)}  omn-x86_64-linux.tar.gz\n` },
  { name: "docker digest", text: `ghcr.io/example/app@sha256:${hex(64)}\n` },
  { name: "md5", text: `md5: ${hex(32)}\netag: "${hex(32)}"\n` },
  { name: "UUIDs", text: `x-request-id: ${uuid()}\ntrace=${hex(32)} span=${hex(16)}\n` },
  { name: "UUID without dashes in JSON", text: `{"id":"${hex(32)}","parent":"${uuid()}"}\n` },
  {
    name: "npm integrity",
    text: `"integrity": "sha512-${base64Blob(86)}=="\n"integrity": "sha1-${base64Blob(27)}="\n`,
  },
  {
    name: "base64 PNG data URI",
    text: `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAA${
      base64Blob(400)
    }AAAAAElFTkSuQmCC" alt="logo">\n`,
  },
  {
    name: "prose",
    text:
      "The tokenizer splits text into tokens. Our API key rotation policy says every secret must be rotated yearly; authorization is checked per request, and the session token expires after an hour.\n",
  },
  {
    name: "prose with sk- words",
    text:
      "We use sk-learn (scikit-learn) and the sk-SK locale; the task-runner and disk-usage jobs run nightly.\n",
  },
  {
    name: "a long word in prose",
    text: "The word pneumonoultramicroscopicsilicovolcanoconiosis has forty-five letters.\n",
  },
  {
    name: "a 40-letter word",
    text: "Call it Supercalifragilisticexpialidociousnessfulness or anything else.\n",
  },
  {
    name: "code",
    text:
      'export function getAuthorizationHeaderForRequestWithRetries(requestIdentifier: string) {\n  const tokenizer = new Tokenizer(vocabularySize);\n  const apiKeyEnvironmentVariableName = "OPENAI_API_KEY";\n  const secret = readSecretFromEnvironmentVariable2(name);\n  return tokenizer.encode(requestIdentifier);\n}\n',
  },
  {
    name: "config without values",
    text:
      '{"max_tokens": 4096, "token_count": 1234, "key": "value", "secret": false, "token": null, "api_key": "${OPENAI_API_KEY}"}\n',
  },
  {
    name: "placeholders",
    text:
      'OPENAI_API_KEY=your-api-key-here\nAuthorization header: see docs\napi_key = os.environ.get("KEY")\n',
  },
  {
    name: "long URL without credentials",
    text: `https://example.com:8443/api/v1/projects/${
      hex(24)
    }/builds?branch=main&sort=desc&page=3&per_page=100#results\n`,
  },
  {
    name: "URLs with a user but no password",
    text:
      "git@github.com:org/repo.git\nssh://git@example.com:22/repo.git\nmailto:someone@example.com\n",
  },
  {
    name: "AWS documentation key id",
    text: "Example: AKIAIOSFODNN7EXAMPLE (from the AWS documentation)\n",
  },
  {
    name: "long identifiers",
    text:
      "AbstractSingletonProxyFactoryBeanConfigurationRegistryImplementation\nSK_LEARN_PIPELINE_CONFIGURATION_DEFAULTS_V2_FOR_TESTING_PURPOSES\n",
  },
  { name: "base64 blob", text: `payload=${base64Blob(512)}\n` },
  {
    name: "log line",
    text:
      `2026-03-01T12:00:00.123Z INFO  [req=${uuid()}] GET /api/v1/users/42?page=2 200 12ms commit=${
        hex(40)
      }\n`,
  },
  {
    name: "semver and IPs",
    text: "omn 0.1.0 (deno 2.9.6) connected to 10.0.0.12:443 and [::1]:8080 in 12.5ms\n",
  },
  {
    name: "hex colours and CSS",
    text: '.token-list { color: #1a2b3c; }\n<div class="secret-panel">\n',
  },
  {
    name: "eyJ without a JWT",
    text: "The header eyJhbGciOiJIUzI1NiJ9 alone is not a token.\n",
  },
  {
    name: "PEM public key",
    text: "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" + base64Blob(56) +
      "\n-----END PUBLIC KEY-----\n",
  },
  {
    name: "non-ASCII text",
    text: "Ünïcödé ✓ 日本語のテキスト 🔑 emoji and 𝒳 astral characters\n",
  },
];
