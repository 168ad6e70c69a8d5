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

/** DER: `tag`, the length of `content` and `content`. */
function derElement(tag: number, content: Uint8Array): Uint8Array {
  const length = content.length;
  const header = length < 0x80
    ? [tag, length]
    : length < 0x100
    ? [tag, 0x81, length]
    : [tag, 0x82, length >> 8, length & 0xff];
  return new Uint8Array([...header, ...content]);
}

/**
 * A PEM private key carrying canary text: a PKCS#8 `rsaEncryption` key whose
 * DER is whole (so omn's import check accepts it) and whose RSA modulus is
 * the canary body itself, placed so that its base64 text appears in the PEM
 * body as written. Not a usable key: it cannot sign.
 */
export function pemPrivateKey(tag = ""): string {
  const canaryBody = pad(`${MARKER}${tag}privatekey`, 256, "AbCdEf0123+/");
  const canaryBytes = Uint8Array.from(atob(canaryBody), (character) => character.charCodeAt(0));
  const one = new Uint8Array([1]);
  const build = (filler: number) => {
    const modulus = new Uint8Array([...new Array(filler).fill(1), ...canaryBytes]);
    const integers = [
      new Uint8Array([0]),
      modulus,
      new Uint8Array([1, 0, 1]),
      ...new Array(6).fill(one),
    ].map((content) => derElement(0x02, content));
    const rsaKey = derElement(0x30, new Uint8Array(integers.flatMap((bytes) => [...bytes])));
    const algorithm = derElement(
      0x30,
      new Uint8Array([
        ...derElement(0x06, new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01])),
        0x05,
        0x00,
      ]),
    );
    const info = [
      ...derElement(0x02, new Uint8Array([0])),
      ...algorithm,
      ...derElement(0x04, rsaKey),
    ];
    return derElement(0x30, new Uint8Array(info));
  };
  // Align the canary bytes on a multiple of 3 so that their base64 is the canary text.
  let der = build(1);
  for (let filler = 1; filler <= 3; filler++) {
    der = build(filler);
    let binary = "";
    for (const byte of der) binary += String.fromCharCode(byte);
    if (btoa(binary).includes(canaryBody)) break;
  }
  let binary = "";
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
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
