/**
 * Canaries and checks for the tests of redaction at cuts and splits: keys
 * known by value (prefix-less formats no pattern recognises without
 * context) and keys known only by their pattern, and a check that no part
 * of a key longer than a few characters reached a text.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  awsSecretAccessKey,
  azureHexKey,
  openaiProjectKey,
  pad,
} from "../credentials/_canaries.ts";

/** A canary key and the part of it that is public (its prefix). */
export interface LeakCanary {
  name: string;
  value: string;
  /** The characters of the value that may be shown (a format prefix such as `ghp_`). */
  publicPrefix: string;
}

/** Prefix-less keys: recognised only as known values (registered from the environment). */
export function knownCanaries(tag = ""): LeakCanary[] {
  return [
    // 32 letters and digits; not mistralKey(), whose filler spells "mistral", a word messages use.
    { name: "Mistral key", value: pad(`CANARY${tag}M`, 32, "Qx7Zk2Vb9Wp4"), publicPrefix: "" },
    { name: "Azure hex key", value: azureHexKey(`1${tag}`), publicPrefix: "" },
    { name: "AWS secret access key", value: awsSecretAccessKey(`K${tag}`), publicPrefix: "" },
    { name: "Vault token", value: vaultToken(`K${tag}`), publicPrefix: "" },
  ];
}

/** Keys known only by their pattern (never registered). */
export function patternCanaries(tag = ""): LeakCanary[] {
  return [
    { name: "GitHub token", value: githubToken(`P${tag}`), publicPrefix: "ghp_" },
    { name: "OpenAI project key", value: openaiProjectKey(`P${tag}`), publicPrefix: "sk-proj-" },
  ];
}

/** A Vault service token: `hvs.` and 90 characters, no pattern (known only by value). */
export function vaultToken(tag = ""): string {
  return "hvs." + pad(`CANARY${tag}vault`, 90, "AbCdEfGh0123456789");
}

/** A classic GitHub token: `ghp_` and 36 letters and digits. */
export function githubToken(tag = ""): string {
  return "ghp_" + pad(`CANARY${tag}`, 36, "aBcDeF0123456789");
}

/** Characters of a secret that may appear in a text before it counts as a leak. */
export const LEAK_WINDOW = 6;

/**
 * The first run of {@linkcode LEAK_WINDOW} characters of the secret part of
 * `canary` (after its public prefix) found in `text`, or undefined.
 */
export function leakedPart(text: string, canary: LeakCanary): string | undefined {
  const secret = canary.value.slice(canary.publicPrefix.length);
  for (let start = 0; start + LEAK_WINDOW <= secret.length; start++) {
    const part = secret.slice(start, start + LEAK_WINDOW);
    if (text.includes(part)) return part;
  }
  return undefined;
}

/** Fails when {@linkcode leakedPart} finds part of `canary` in `text`, naming `where`. */
export function assertNoLeak(text: string, canary: LeakCanary, where: string): void {
  const part = leakedPart(text, canary);
  if (part !== undefined) assert.fail(`${canary.name} reached ${where}: "${part}" in ${text}`);
}

/** The Mistral canary of {@linkcode knownCanaries}, alone. */
export function mistralCanary(tag = ""): LeakCanary {
  return knownCanaries(tag)[0];
}
