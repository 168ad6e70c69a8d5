/**
 * What to do about each kind of secret `omn scan` finds: the help of its
 * SARIF rule.
 *
 * @module
 */

/** The help of one rule. */
export interface RuleHelp {
  /** Plain-text steps. */
  text: string;
  /** Where the credential is revoked, when one page does it. */
  uri?: string;
}

const PAGES: Readonly<Record<string, { where: string; uri?: string }>> = {
  "openai": { where: "OpenAI's API keys page", uri: "https://platform.openai.com/api-keys" },
  "openai-admin": {
    where: "OpenAI's admin keys page",
    uri: "https://platform.openai.com/settings/organization/admin-keys",
  },
  "anthropic": {
    where: "the Anthropic console's API keys page",
    uri: "https://console.anthropic.com/settings/keys",
  },
  "anthropic-admin": {
    where: "the Anthropic console's admin keys page",
    uri: "https://console.anthropic.com/settings/admin-keys",
  },
  "google-api-key": {
    where: "Google AI Studio or the Cloud console's credentials page",
    uri: "https://aistudio.google.com/apikey",
  },
  "gcp-service-account": {
    where: "the service account's keys page in the Cloud console",
    uri: "https://console.cloud.google.com/iam-admin/serviceaccounts",
  },
  "aws-access-key-id": {
    where: "IAM (deactivate, then delete the access key)",
    uri: "https://console.aws.amazon.com/iam",
  },
  "aws-secret-access-key": {
    where: "IAM (deactivate, then delete the access key)",
    uri: "https://console.aws.amazon.com/iam",
  },
  "aws-session-token": { where: "IAM (revoke the role's active sessions)" },
  "aws-bedrock-api-key": {
    where: "IAM (the Bedrock API key's service-specific credential)",
    uri: "https://console.aws.amazon.com/iam",
  },
  "azure-openai": {
    where: "the Azure portal (regenerate the resource's key)",
    uri: "https://portal.azure.com",
  },
  "mistral": { where: "Mistral's API keys page", uri: "https://console.mistral.ai/api-keys" },
  "xai": { where: "the xAI console", uri: "https://console.x.ai" },
  "perplexity": {
    where: "Perplexity's API settings",
    uri: "https://www.perplexity.ai/settings/api",
  },
  "openrouter": { where: "OpenRouter's keys page", uri: "https://openrouter.ai/keys" },
  "deepseek": {
    where: "DeepSeek's API keys page",
    uri: "https://platform.deepseek.com/api_keys",
  },
  "groq": { where: "Groq's API keys page", uri: "https://console.groq.com/keys" },
  "huggingface": {
    where: "Hugging Face's access tokens page",
    uri: "https://huggingface.co/settings/tokens",
  },
  "github": {
    where: "GitHub's token settings",
    uri: "https://github.com/settings/tokens",
  },
  "slack": { where: "the Slack app's settings (regenerate the token)" },
  "slack-webhook": { where: "the Slack app's incoming webhooks (remove the webhook)" },
  "cohere": { where: "Cohere's API keys page", uri: "https://dashboard.cohere.com/api-keys" },
  "private-key": { where: "wherever the key pair is trusted (replace the pair)" },
  "jwt": { where: "the issuer (revoke the token or rotate its signing key)" },
};

/**
 * The help of the rule for `kind`: revoke the credential where it was
 * issued, replace it, and remove it from the file and its history; or mark
 * a false positive with `omn:allow` or `omn scan --allow`.
 *
 * @example
 * ```ts
 * import { ruleHelp } from "./scan_rule_help.ts";
 * ruleHelp("openai").uri; // "https://platform.openai.com/api-keys"
 * ```
 */
export function ruleHelp(kind: string): RuleHelp {
  const page = Object.hasOwn(PAGES, kind) ? PAGES[kind] : undefined;
  const where = page?.where ?? "wherever it was issued";
  return {
    text: `Revoke the credential at ${where}, replace it, and remove it from the file and ` +
      `from the repository's history. If it is not a secret, add an "omn:allow" comment on ` +
      `its line or acknowledge its fingerprint with omn scan --allow FP.`,
    ...(page?.uri === undefined ? {} : { uri: page.uri }),
  };
}
