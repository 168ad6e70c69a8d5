/**
 * A CycloneDX 1.5 SBOM of the exact npm dependencies locked in `deno.lock`.
 *
 * Usage: deno run --allow-read scripts/sbom.ts [deno.lock] > sbom.cdx.json
 * (also imported by `scripts/compile.ts`).
 *
 * @module
 */
import { VERSION } from "../src/version.ts";

interface LockedPackage {
  integrity?: string;
  dependencies?: string[];
}

/** `name@1.2.3_peer@4.5.6` → ["name", "1.2.3"] (scoped names keep their `@`). */
function splitKey(key: string): [name: string, version: string] {
  const at = key.indexOf("@", 1);
  return [key.slice(0, at), key.slice(at + 1).split("_")[0]];
}

function purl(name: string, version: string): string {
  return `pkg:npm/${name.startsWith("@") ? `%40${name.slice(1)}` : name}@${version}`;
}

/** sha512-BASE64 → CycloneDX hash. */
function hashOf(integrity: string | undefined): { alg: string; content: string }[] {
  const match = integrity?.match(/^sha(256|384|512)-(.+)$/);
  if (!match) return [];
  const bytes = Uint8Array.from(atob(match[2]), (character) => character.charCodeAt(0));
  return [{
    alg: `SHA-${match[1]}`,
    content: [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(""),
  }];
}

/** Builds the SBOM document from the lockfile's text. */
export function buildSbom(lockText: string, now: Date = new Date()): Record<string, unknown> {
  const lock = JSON.parse(lockText) as { npm?: Record<string, LockedPackage> };
  const components = Object.entries(lock.npm ?? {}).map(([key, entry]) => {
    const [name, version] = splitKey(key);
    return {
      type: "library",
      "bom-ref": purl(name, version),
      name,
      version,
      purl: purl(name, version),
      hashes: hashOf(entry.integrity),
    };
  }).sort((a, b) => a.name.localeCompare(b.name));
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    serialNumber: `urn:uuid:${crypto.randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: now.toISOString(),
      component: {
        type: "application",
        name: "omnimancer",
        version: VERSION,
        "bom-ref": "omnimancer",
      },
    },
    components,
  };
}

if (import.meta.main) {
  const path = Deno.args[0] ?? new URL("../deno.lock", import.meta.url);
  console.log(JSON.stringify(buildSbom(await Deno.readTextFile(path)), null, 2));
}
