import assert from "node:assert/strict";
import { buildSbom } from "../../scripts/sbom.ts";

Deno.test("the SBOM lists every locked npm package with its purl and hash", async () => {
  const lock = await Deno.readTextFile(new URL("../../deno.lock", import.meta.url));
  const locked = Object.keys(JSON.parse(lock).npm);
  const sbom = buildSbom(lock, new Date("2026-01-01T00:00:00Z")) as {
    bomFormat: string;
    specVersion: string;
    components: {
      name: string;
      version: string;
      purl: string;
      hashes: { alg: string; content: string }[];
    }[];
  };
  assert.equal(sbom.bomFormat, "CycloneDX");
  assert.equal(sbom.specVersion, "1.5");
  assert.equal(sbom.components.length, locked.length);
  const commander = sbom.components.find((component) => component.name === "commander");
  assert.equal(commander?.purl, `pkg:npm/commander@${commander?.version}`);
  const scoped = sbom.components.find((component) => component.name === "@ai-sdk/openai");
  assert.match(scoped!.purl, /^pkg:npm\/%40ai-sdk\/openai@\d+\.\d+\.\d+$/);
  for (const component of sbom.components) {
    assert.equal(component.hashes[0]?.alg, "SHA-512", component.name);
    assert.match(component.hashes[0].content, /^[0-9a-f]{128}$/);
  }
});
