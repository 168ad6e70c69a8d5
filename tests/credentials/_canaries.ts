/**
 * Canary credentials for tests: real-shaped, recognisable by the marker
 * `CANARY` (or hexadecimal `cafe`/`beef` where only hex is allowed), and
 * built at run time so that no complete key-shaped literal sits in the
 * source for a secret scanner to flag.
 *
 * @module
 */

/** Marker present in every canary that allows letters. */
export const MARKER = "CANARY";

/** `marker` followed by `filler` repeated, cut to exactly `length` characters. */
export function pad(marker: string, length: number, filler = "0123456789"): string {
  let text = marker;
  while (text.length < length) text += filler;
  return text.slice(0, length);
}

/** OpenAI legacy key: `sk-` + 20 + `T3BlbkFJ` + 20 (51). */
export function openaiLegacyKey(tag = ""): string {
  return "sk-" + pad(`${MARKER}${tag}`, 20) + "T3B" + "lbkFJ" + pad(`${MARKER}${tag}`, 20);
}

/** OpenAI project key: `sk-proj-` + 58 + `T3BlbkFJ` + 58 (132). */
export function openaiProjectKey(tag = ""): string {
  return "sk-" + "proj-" + pad(`${MARKER}_${tag}-`, 58) + "T3B" + "lbkFJ" +
    pad(`${MARKER}_${tag}-`, 58);
}

/** OpenAI service-account key: `sk-svcacct-` + 74 + `T3BlbkFJ` + 74. */
export function openaiServiceAccountKey(tag = ""): string {
  return "sk-" + "svcacct-" + pad(`${MARKER}_${tag}-`, 74) + "T3B" + "lbkFJ" +
    pad(`${MARKER}_${tag}-`, 74);
}

/** Anthropic key: `sk-ant-api03-` + 93 + `AA` (108). */
export function anthropicKey(tag = ""): string {
  return "sk-" + "ant-api03-" + pad(`${MARKER}_${tag}-`, 93) + "AA";
}

/** Anthropic admin key: `sk-ant-admin01-` + 93 + `AA` (110). */
export function anthropicAdminKey(tag = ""): string {
  return "sk-" + "ant-admin01-" + pad(`${MARKER}_${tag}-`, 93) + "AA";
}

/** AWS access key id: `AKIA` + 16 of `[A-Z2-7]` (20); `tag` from `[A-Z2-7]`. */
export function awsAccessKeyId(tag = "", prefix = "AKIA"): string {
  return prefix + pad(`${MARKER}${tag}`, 16, "CANARY234567");
}

/** AWS secret access key: 40 of `[A-Za-z0-9+/]`. */
export function awsSecretAccessKey(tag = ""): string {
  return pad(`${MARKER}/${tag}+secret`, 40);
}

/** AWS session token: 200 base64 characters. */
export function awsSessionToken(tag = ""): string {
  return pad(`${MARKER}${tag}session`, 200, "AbCd+/09");
}

/** Amazon Bedrock API key: `ABSK` + 132 base64 characters. */
export function bedrockApiKey(tag = ""): string {
  return "ABSK" + pad(`${MARKER}${tag}bedrock`, 132, "Ab+/09");
}

/** Google API key: `AIza` + 35 of `[A-Za-z0-9_-]` (39). */
export function geminiKey(tag = ""): string {
  return "AI" + "za" + pad(`${MARKER}_${tag}-`, 35);
}

/** xAI key: `xai-` + 80 of `[A-Za-z0-9_]`. */
export function xaiKey(tag = ""): string {
  return "xai-" + pad(`${MARKER}_${tag}_`, 80);
}

/** Perplexity key: `pplx-` + 48 letters or digits (53). */
export function perplexityKey(tag = ""): string {
  return "pplx-" + pad(`${MARKER}${tag}`, 48);
}

/** OpenRouter key: `sk-or-v1-` + 64 lower-case hex (73); `tag` from `[0-9a-f]`. */
export function openrouterKey(tag = ""): string {
  return "sk-" + "or-v1-" + pad(`cafe${tag}`, 64, "beef0123");
}

/** Mistral key: 32 letters or digits. */
export function mistralKey(tag = ""): string {
  return pad(`${MARKER}${tag}mistral`, 32);
}

/** Azure OpenAI key, old form: 32 hex; `tag` from `[0-9a-f]`. */
export function azureHexKey(tag = ""): string {
  return pad(`cafe${tag}`, 32, "babe0123");
}

/** Azure OpenAI key, new form: 52 + `JQQJ99` + 26 letters and digits (84). */
export function azureNewKey(tag = ""): string {
  return pad(`${MARKER}${tag}azure`, 52) + "JQQJ" + "99" + pad(`${MARKER}AAABACOG`, 26);
}

/** A PEM private key body made of canary text (not a real key). */
export function pemPrivateKey(tag = ""): string {
  const body = pad(`${MARKER}${tag}privatekey`, 256, "AbCdEf0123+/");
  const lines = body.match(/.{1,64}/g) ?? [];
  return ["-----BEGIN " + "PRIVATE KEY-----", ...lines, "-----END " + "PRIVATE KEY-----", ""]
    .join("\n");
}

/** The JSON text of a Google service account key, with a canary private key. */
export function serviceAccountJson(tag = ""): string {
  return JSON.stringify(
    {
      type: "service_account",
      project_id: "canary-project",
      private_key_id: pad(`cafe${tag}`, 40, "0123456789abcdef"),
      private_key: pemPrivateKey(tag),
      client_email: "canary@canary-project.iam.gserviceaccount.com",
      client_id: "123456789012345678901",
    },
    null,
    2,
  );
}
