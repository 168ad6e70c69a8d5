import assert from "node:assert/strict";
import { startVertexFake } from "../../fakes/vertex_fake.ts";
import { DEFAULT_REPLY } from "../../fakes/_fake_server.ts";
import { assertNoCanary, assertNoCanaryInTree } from "../_canary_checks.ts";
import { runInProcess } from "../_in_process.ts";
import { runOmn, tempWorkspace } from "../_omn.ts";
import { configureVertex, VERTEX, vertexCase } from "./_provider_cases.ts";
import { providerContract } from "./_provider_contract.ts";

const { account, providerCase } = await vertexCase();
const { project, location } = VERTEX;
const keyLines = account.privateKeyLines.slice(1, -1);
const configure = configureVertex;

providerContract(providerCase);

Deno.test("vertex: a key imported with keys set --stdin signs the token exchange; the token never shows", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startVertexFake({ serviceAccount: account, project, location });
  await configure(workspace, fake.baseURL);
  const set = await runInProcess(["keys", "set", "vertex", "--stdin"], {
    ...workspace,
    stdin: account.keyFileText(fake.tokenUrl),
  });
  assert.equal(set.code, 0, set.stderr);
  const result = await runInProcess(["ask", "--provider", "vertex", "-o", "json", "hi"], workspace);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).result, DEFAULT_REPLY);
  assert.deepEqual(fake.violations, []);
  assert.equal(fake.issuedTokens.length, 1);
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr, set: set.stderr }, [
    ...keyLines,
    ...fake.issuedTokens,
  ]);
  await assertNoCanaryInTree(workspace.home, keyLines, (path) => path.endsWith("/config.json"));
});

Deno.test("vertex: a missing location or project is refused before any request", async () => {
  await using workspace = await tempWorkspace();
  const env = {
    OMNIMANCER_VERTEX_SERVICE_ACCOUNT: account.keyFileText("https://oauth2.googleapis.com/token"),
  };
  const noLocation = await runInProcess(["ask", "--provider", "vertex", "hi"], {
    ...workspace,
    env,
  });
  assert.equal(noLocation.code, 3);
  assert.match(noLocation.stderr, /providers\.vertex\.location/);
  await runInProcess(["config", "set", "providers.vertex.location", "not a location"], workspace);
  const bad = await runInProcess(["ask", "--provider", "vertex", "hi"], { ...workspace, env });
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /Invalid Vertex location/);
});

Deno.test("vertex: GOOGLE_APPLICATION_CREDENTIALS outside the permission set gets the one-line hint", async () => {
  await using workspace = await tempWorkspace();
  await runInProcess(["config", "set", "providers.vertex.location", location], workspace);
  const result = await runOmn(["ask", "--provider", "vertex", "hi"], {
    ...workspace,
    env: { GOOGLE_APPLICATION_CREDENTIALS: "/etc/gcp/key.json" },
  });
  assert.equal(result.code, 3);
  assert.match(result.stderr, /omn keys set vertex --stdin < "\/etc\/gcp\/key\.json"/);
  assert.match(
    result.stderr,
    /OMNIMANCER_VERTEX_SERVICE_ACCOUNT="\$\(cat "\/etc\/gcp\/key\.json"\)"/,
  );
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
});
