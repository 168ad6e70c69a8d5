import assert from "node:assert/strict";
import {
  KEY_MANAGEMENT_PAGES,
  keyManagementPage,
} from "../../src/credentials/key_management_pages.ts";
import { PROVIDER_CREDENTIALS } from "../../src/permissions/provider_credentials.ts";

Deno.test("every provider with a key has an https key-management page; custom endpoints have none", () => {
  for (const [provider, spec] of Object.entries(PROVIDER_CREDENTIALS)) {
    if (!spec.fields.some((field) => field.secret)) continue;
    const page = keyManagementPage(provider);
    assert.ok(page?.startsWith("https://"), provider);
  }
  assert.equal(keyManagementPage("openai"), "https://platform.openai.com/api-keys");
  assert.equal(keyManagementPage("anthropic"), "https://console.anthropic.com/settings/keys");
  assert.equal(keyManagementPage("my-gateway"), undefined);
  assert.equal(keyManagementPage("constructor"), undefined);
  assert.equal(Object.keys(KEY_MANAGEMENT_PAGES).length, 10);
});
