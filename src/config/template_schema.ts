/**
 * A prompt template (`omn templates add NAME`) as stored under `templates`
 * in the config file: a system prompt, a prompt with an `{input}`
 * placeholder for what is piped or typed, and settings.
 *
 * @module
 */
import { z } from "zod";

/** Template names: a letter or digit, then up to 63 letters, digits, `.`, `_` or `-`. */
export const TEMPLATE_NAME_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Schema of one template as stored. */
export const TemplateSchema = z.strictObject({
  system: z.string().min(1).optional(),
  /** The prompt; `{input}` stands for the piped text and the words given. */
  prompt: z.string().min(1).optional(),
  provider: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).optional(),
  model: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  /** A JSON schema the reply must conform to. */
  schema: z.record(z.string(), z.unknown()).optional(),
});

/** One template. */
export type Template = z.infer<typeof TemplateSchema>;

/** Schema of the `templates` object of the config. */
export const TemplatesSchema = z.record(
  z.string().regex(TEMPLATE_NAME_PATTERN, {
    error: 'expected a template name (1 to 64 letters, digits, ".", "_" and "-")',
  }),
  TemplateSchema,
);
