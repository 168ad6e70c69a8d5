/**
 * Writes the realistic log that `scripts/bench_redact.sh` redacts: access
 * and application lines with timestamps, request ids, git SHAs, UUIDs,
 * SHA-256 digests and JSON bodies, with canary secrets sprinkled in (about
 * one line in 2,000). The canaries go to a second file, one a line (PEM
 * blocks as their body lines), so the script can check none survives.
 *
 * Usage: `deno run --allow-write scripts/_bench_log.ts LOG CANARIES [MEGABYTES]`
 *
 * @module
 */

const [logPath, canaryPath, megabytesText = "100"] = Deno.args;
if (!logPath || !canaryPath) {
  throw new TypeError(
    "Cannot generate the bench log: usage: _bench_log.ts LOG CANARIES [MEGABYTES]",
  );
}
const targetBytes = Number(megabytesText) * 1024 * 1024;

let state = 0x2545f491;
function random(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
function characters(alphabet: string, length: number): string {
  let text = "";
  for (let index = 0; index < length; index++) {
    text += alphabet[Math.floor(random() * alphabet.length)];
  }
  return text;
}

const HEX = "0123456789abcdef";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const TOKEN = ALNUM + "_-";
const BASE64 = ALNUM + "+/";

const hexPool = Array.from({ length: 4096 }, () => characters(HEX, 64));
function hex(length: number): string {
  const start = Math.floor(random() * (64 - Math.min(length, 64) + 1));
  return length <= 64 ? pick(hexPool).slice(start, start + length) : hex(64) + hex(length - 64);
}
function uuid(): string {
  const digits = hex(32);
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-8${
    digits.slice(17, 20)
  }-${digits.slice(20)}`;
}
function timestamp(): string {
  const day = String(1 + Math.floor(random() * 28)).padStart(2, "0");
  const hour = String(Math.floor(random() * 24)).padStart(2, "0");
  const minute = String(Math.floor(random() * 60)).padStart(2, "0");
  const second = String(Math.floor(random() * 60)).padStart(2, "0");
  const millisecond = String(Math.floor(random() * 1000)).padStart(3, "0");
  return `2026-03-${day}T${hour}:${minute}:${second}.${millisecond}Z`;
}

// Ordinary log vocabulary, with the words that resemble secret contexts
// (token, key, secret, authorization, api, sk-learn, task-runner) at about
// the frequency they have in real logs.
const words = `connection established closed timeout database query executed rows returned
handler started finished processing job batch records upload download bytes file written read
cache evicted entries memory usage gc pause scheduler tick lease acquired released leader election
replica sync snapshot checkpoint retry attempt backoff rate limit exceeded client server listening
port shutdown signal received config reloaded feature flag enabled disabled user login logout
session token refresh expired permission denied granted role admin api key rotation secret vault
authorization header missing invalid request response status payload validation error warning
deprecated migration applied version schema index rebuilt queue depth consumer producer message
published acknowledged dropped latency p99 p50 throughput metrics exported trace span webhook
delivered failed succeeded task-runner disk-usage sk-learn model inference embedding tokens prompt
completion stream chunk worker pool thread container pod node deployment rollout health check ok
degraded the a of to in for on with after before from`.split(/\s+/);
const paths = ["/api/v1/users", "/api/v1/projects", "/v1/chat/completions", "/healthz", "/metrics"];
const agents = [
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "curl/8.11.1",
  "omn/0.1.0 (deno 2.9.6)",
  "python-requests/2.32.3",
];

function prose(count: number): string {
  const chosen: string[] = [];
  for (let index = 0; index < count; index++) chosen.push(pick(words));
  return chosen.join(" ");
}

function benignLine(): string {
  const kind = random();
  const time = timestamp();
  if (kind < 0.3) {
    return `${time} INFO  [req=${uuid()}] ${pick(["GET", "POST", "PUT"])} ${pick(paths)}/${
      Math.floor(random() * 100000)
    }?page=${Math.floor(random() * 10)} ${pick([200, 200, 201, 304, 404, 500])} ${
      Math.floor(random() * 900)
    }ms ua="${pick(agents)}"`;
  }
  if (kind < 0.45) {
    return `${time} DEBUG build commit=${hex(40)} parent=${hex(40)} sha256=${hex(64)} ${prose(3)}`;
  }
  if (kind < 0.75) {
    return `${time} INFO  body={"id":"${hex(32)}","trace":"${uuid()}","name":"${
      pick(words)
    }","items":[${Math.floor(random() * 100)},${
      Math.floor(random() * 100)
    }],"status":"ok","message":"${prose(5)}","etag":"${hex(32)}"}`;
  }
  if (kind < 0.9) {
    return `${time} WARN  ${prose(8)} integrity=sha512-${characters(BASE64, 86)}== digest=${
      hex(40)
    }`;
  }
  return `${time} ERROR ${prose(6)}\n    at handle (file:///app/src/${pick(words)}.ts:${
    Math.floor(random() * 400)
  }:${Math.floor(random() * 80)})\n    at async main (file:///app/main.ts:7:3)`;
}

const canaries: string[] = [];
function canary(make: () => [line: string, ...secrets: string[]]): () => string {
  return () => {
    const [line, ...secrets] = make();
    canaries.push(...secrets);
    return line;
  };
}

const secretLines = [
  canary(() => {
    const key = `sk-proj-${characters(TOKEN, 74)}T3BlbkFJ${characters(TOKEN, 74)}`;
    return [`${timestamp()} DEBUG env OPENAI_API_KEY=${key}`, key];
  }),
  canary(() => {
    const key = `sk-ant-api03-${characters(TOKEN, 93)}AA`;
    return [`${timestamp()} INFO  POST /v1/messages headers={"x-api-key":"${key}"}`, key];
  }),
  canary(() => {
    const id = `AKIA${characters("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`;
    const secret = characters(BASE64, 40);
    return [
      `${timestamp()} WARN  aws credentials loaded: aws_access_key_id=${id} aws_secret_access_key=${secret}`,
      id,
      secret,
    ];
  }),
  canary(() => {
    const key = `AIza${characters(TOKEN, 35)}`;
    return [
      `${timestamp()} INFO  GET https://generativelanguage.googleapis.com/v1/models?key=${key}`,
      key,
    ];
  }),
  canary(() => {
    const token = `ghp_${characters(ALNUM, 36)}`;
    return [
      `${timestamp()} ERROR git push failed for https://x-access-token:${token}@github.com/o/r`,
      token,
    ];
  }),
  canary(() => {
    const token = `xoxb-${characters("0123456789", 12)}-${characters("0123456789", 13)}-${
      characters(ALNUM, 24)
    }`;
    return [`${timestamp()} DEBUG slack client token ${token} ready`, token];
  }),
  canary(() => {
    const signature = characters(TOKEN, 43);
    const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIke${characters(TOKEN, 40)}.${signature}`;
    return [`${timestamp()} DEBUG Authorization: Bearer ${jwt}`, jwt];
  }),
  canary(() => {
    const password = `pw-${characters(ALNUM, 16)}`;
    return [
      `${timestamp()} INFO  connecting to postgres://app:${password}@db.internal:5432/app`,
      password,
    ];
  }),
  canary(() => {
    const body = Array.from({ length: 8 }, () => characters(BASE64, 64));
    return [
      `${timestamp()} ERROR bad key file:\n-----BEGIN RSA PRIVATE KEY-----\n${
        body.join("\n")
      }\n-----END RSA PRIVATE KEY-----`,
      ...body,
    ];
  }),
  canary(() => {
    const key = `hf_${characters("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34)}`;
    return [`${timestamp()} INFO  HF_TOKEN=${key} model download`, key];
  }),
  canary(() => {
    const key = characters(ALNUM, 32);
    return [`${timestamp()} DEBUG MISTRAL_API_KEY="${key}"`, key];
  }),
];

const file = await Deno.open(logPath, { write: true, create: true, truncate: true });
const encoder = new TextEncoder();
let written = 0;
while (written < targetBytes) {
  const lines: string[] = [];
  let size = 0;
  while (size < 1024 * 1024) {
    const line = random() < 0.0005 ? pick(secretLines)() : benignLine();
    lines.push(line);
    size += line.length + 1;
  }
  const bytes = encoder.encode(lines.join("\n") + "\n");
  for (let offset = 0; offset < bytes.length;) offset += await file.write(bytes.subarray(offset));
  written += bytes.length;
}
file.close();
await Deno.writeTextFile(canaryPath, canaries.join("\n") + "\n");
