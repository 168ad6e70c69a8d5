import assert from "node:assert/strict";
import { loadDotenv, parseDotenv } from "../../src/credentials/load_dotenv.ts";
import * as canary from "./_canaries.ts";

const ENDPOINT_WARNING = (name: string, source: string) =>
  `Ignoring ${name} in "${source}": ` +
  ".env files may only supply credentials, set endpoints in the config file";

Deno.test("parseDotenv keeps only credential variables", () => {
  const openai = canary.openaiProjectKey();
  const anthropic = canary.anthropicKey();
  const secret = canary.awsSecretAccessKey();
  const text = [
    "# a comment",
    `OPENAI_API_KEY=${openai}`,
    `export ANTHROPIC_API_KEY="${anthropic}"`,
    `AWS_SECRET_ACCESS_KEY='${secret}'`,
    "AWS_REGION=eu-west-1",
    "DEBUG=1",
    "PATH=/tmp/CANARY",
    "OMNIMANCER_OPENAI_API_KEY=" + openai,
    "",
  ].join("\r\n");
  const result = parseDotenv(text, "./.env");
  assert.deepEqual(result.values, {
    OPENAI_API_KEY: openai,
    ANTHROPIC_API_KEY: anthropic,
    AWS_SECRET_ACCESS_KEY: secret,
    AWS_REGION: "eu-west-1",
    OMNIMANCER_OPENAI_API_KEY: openai,
  });
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(result.ignored, ["DEBUG", "PATH"]);
});

Deno.test("parseDotenv ignores endpoints with a warning that does not contain the value", () => {
  const key = canary.openaiProjectKey();
  const endpoint = `https://${canary.MARKER}.example.test/v1?key=${key}`;
  const names = [
    "OPENAI_BASE_URL",
    "OPENAI_API_BASE",
    "ANTHROPIC_BASE_URL",
    "AZURE_OPENAI_ENDPOINT",
    "OLLAMA_HOST",
    "OMNIMANCER_HOME",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "DATABASE_URL",
  ];
  const text = names.map((name) => `${name}=${endpoint}`).join("\n") + `\nOPENAI_API_KEY=${key}\n`;
  const result = parseDotenv(text, "./.env");
  assert.deepEqual(result.warnings, names.map((name) => ENDPOINT_WARNING(name, "./.env")));
  assert.deepEqual(result.values, { OPENAI_API_KEY: key });
  assert.deepEqual(result.ignored, []);
  for (const warning of result.warnings) {
    assert.ok(!warning.includes(endpoint));
    assert.ok(!warning.includes(key));
    assert.ok(!warning.includes(canary.MARKER));
  }
});

Deno.test("parseDotenv warns about TLS and omnimancer settings it ignores", () => {
  const result = parseDotenv(
    "NODE_TLS_REJECT_UNAUTHORIZED=0\nDENO_CERT=/tmp/CANARY.pem\nOMNIMANCER_ALLOW_HOSTS=CANARY\n",
    "/home/user/.omnimancer/.env",
  );
  assert.deepEqual(result.values, {});
  assert.deepEqual(
    result.warnings,
    ["NODE_TLS_REJECT_UNAUTHORIZED", "DENO_CERT", "OMNIMANCER_ALLOW_HOSTS"].map((name) =>
      `Ignoring ${name} in "/home/user/.omnimancer/.env": ` +
      ".env files may only supply credentials, set it in the environment or the config file"
    ),
  );
  for (const warning of result.warnings) assert.ok(!warning.includes(canary.MARKER));
});

Deno.test("parseDotenv leaves out empty credentials", () => {
  const result = parseDotenv('OPENAI_API_KEY=\nANTHROPIC_API_KEY=""\n', "./.env");
  assert.deepEqual(result, { values: {}, warnings: [], ignored: [] });
});

Deno.test("parseDotenv keeps custom provider keys only when asked", () => {
  const text = "OMNIMANCER_MY_PROXY_API_KEY=CANARYproxykey\n";
  assert.deepEqual(parseDotenv(text, "./.env").values, {});
  assert.deepEqual(parseDotenv(text, "./.env").warnings, [
    'Ignoring OMNIMANCER_MY_PROXY_API_KEY in "./.env": ' +
    ".env files may only supply credentials, set it in the environment or the config file",
  ]);
  assert.deepEqual(parseDotenv(text, "./.env", { customProviders: ["my-proxy"] }).values, {
    OMNIMANCER_MY_PROXY_API_KEY: "CANARYproxykey",
  });
});

Deno.test("parseDotenv does not let odd names reach the result's prototype", () => {
  const result = parseDotenv("__proto__=CANARY\nconstructor=CANARY\n", "./.env");
  assert.deepEqual(result.values, {});
  assert.equal(Object.getPrototypeOf(result.values), Object.prototype);
});

Deno.test("loadDotenv treats a missing file as empty", async () => {
  const path = new URL("./no-such-dir/.env", import.meta.url).pathname;
  assert.deepEqual(await loadDotenv(path), { values: {}, warnings: [], ignored: [] });
});

Deno.test("loadDotenv parses the file it reads and names it by source", async () => {
  const key = canary.geminiKey();
  const reads: string[] = [];
  const result = await loadDotenv("/work/project/.env", {
    source: "./.env",
    readTextFile: (path) => {
      reads.push(path);
      return Promise.resolve(`GEMINI_API_KEY=${key}\nGOOGLE_GEMINI_BASE_URL=https://x.test\n`);
    },
  });
  assert.deepEqual(reads, ["/work/project/.env"]);
  assert.deepEqual(result.values, { GEMINI_API_KEY: key });
  assert.deepEqual(result.warnings, [ENDPOINT_WARNING("GOOGLE_GEMINI_BASE_URL", "./.env")]);
});

Deno.test("loadDotenv treats an unreadable file as absent and says so", async () => {
  for (
    const error of [
      new Deno.errors.PermissionDenied("Permission denied (os error 13)"),
      new Deno.errors.NotCapable('Requires read access to "./.env"'),
    ]
  ) {
    const result = await loadDotenv(".env", {
      source: "./.env",
      readTextFile: () => Promise.reject(error),
    });
    assert.deepEqual(result, {
      values: {},
      warnings: ['Ignoring "./.env": permission to read it was denied'],
      ignored: [],
    });
  }
});

Deno.test("loadDotenv throws other read failures, naming the file", async () => {
  await assert.rejects(
    () =>
      loadDotenv(".env", {
        source: "./.env",
        readTextFile: () => Promise.reject(new Deno.errors.IsADirectory("Is a directory")),
      }),
    { message: 'Cannot read "./.env": Is a directory' },
  );
});

Deno.test("parseDotenv makes hostile variable names safe to print", () => {
  const result = parseDotenv('EVIL\u001b[2J_URL=1\nA "quoted" name=2\n', "./.env");
  assert.deepEqual(result.warnings, [ENDPOINT_WARNING('"EVIL\\u{1b}[2J_URL"', "./.env")]);
  assert.deepEqual(result.ignored, ['"A \\u{22}quoted\\u{22} name"']);
  for (const text of [...result.warnings, ...result.ignored]) {
    assert.doesNotMatch(text, /\p{Cc}/u);
  }
});

Deno.test("parseDotenv reads a file that starts with a byte order mark, CRLF lines and export", () => {
  const openai = canary.openaiProjectKey("BOM");
  const anthropic = canary.anthropicKey("BOM");
  const result = parseDotenv(
    `\uFEFFOPENAI_API_KEY=${openai}\r\nexport ANTHROPIC_API_KEY="${anthropic}"\r\n`,
    "./.env",
  );
  assert.deepEqual(result, {
    values: { OPENAI_API_KEY: openai, ANTHROPIC_API_KEY: anthropic },
    warnings: [],
    ignored: [],
  });
});
