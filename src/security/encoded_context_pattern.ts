/**
 * The rule for a secret recognised by the key before it when the operator
 * or the quotes around it are written as escapes or entities: a URL inside
 * a URL (`?next=...%3Faws_secret_access_key%3D…`), URL-encoded JSON
 * (`%22api_key%22%3A%22…%22`), JSON inside a JSON string
 * (`\u0022token\u0022:\u0022…`), an HTML-escaped snippet
 * (`&quot;client_secret&quot;: &quot;…&quot;`, `key&#61;…`). The key rules
 * of `patterns.ts` read plain operators and quotes only; this one rule
 * takes every key of theirs with an encoded operator, or with a plain
 * operator and an encoded opening quote.
 *
 * Its value is a run of at least {@linkcode SHORTEST_ENCODED_VALUE} key
 * characters, percent-encoded ones included, after an optional
 * authorization scheme; after a key other than a header's, it holds a
 * digit and no call follows it, as the plain credential-assignment rule
 * asks (`EncodedContextParts.value`). A value of a recognised shape is reported as that
 * kind (`classifySecret`), any other as `credential-assignment`. Every
 * match starts at a `%`, a backslash or a `&`, which it reads first, so V8
 * skips to those few characters at once, and the regex stays one small
 * regex (a twin of each key rule cost some 50 ms to compile).
 *
 * @module
 */
import type { SecretPattern } from "./patterns.ts";

/** One encoded form of characters: its first character and the regex of the rest. */
interface EncodedForm {
  readonly first: "%" | "\\" | "&";
  readonly rest: string;
}

/** `character` as a regex literal (the few characters used here). */
function literal(character: string): string {
  return character === "\\" ? "\\\\" : character;
}

/** `letter` as a regex of either case: `[eE]`. */
function anyCase(letter: string): string {
  const [lower, upper] = [letter.toLowerCase(), letter.toUpperCase()];
  return lower === upper ? literal(letter) : `[${lower}${upper}]`;
}

/** The two hex digits of `code` as a regex, letters in either case: `3[dD]`. */
function hexAtom(code: number): string {
  return [...code.toString(16).padStart(2, "0")].map((digit) =>
    digit >= "a" ? `[${digit}${digit.toUpperCase()}]` : digit
  ).join("");
}

/**
 * Any of `characters` (ASCII) written as an escape or an entity:
 * percent-encoded, also twice (`%3D`, `%253D`), a JSON or source escape,
 * also escaped again (`\u003d`, `\\u003d`, `\x3d`), escaped with a
 * backslash (`\=`), an HTML character reference (`&#61;`, `&#x3D;`) or one
 * of the entity `names` (`&equals;`).
 */
function encodedForms(characters: string, names: readonly string[]): EncodedForm[] {
  const codes = [...characters].map((character) => character.charCodeAt(0));
  const hex = `(?:${codes.map(hexAtom).join("|")})`;
  return [
    { first: "%", rest: `(?:25)?${hex}` },
    { first: "\\", rest: String.raw`\\?(?:u00|x)${hex}` },
    { first: "\\", rest: `[${[...characters].map(literal).join("")}]` },
    { first: "&", rest: `#(?:0*(?:${codes.join("|")})|[xX]0*${hex});` },
    { first: "&", rest: `(?:${names.join("|")});` },
  ];
}

/** The regex of `forms`, whole. */
function whole(forms: readonly EncodedForm[]): string {
  return forms.map((form) => literal(form.first) + form.rest).join("|");
}

/** The regex of `forms` read after their first character, which a lookbehind checks. */
function afterFirst(forms: readonly EncodedForm[]): string {
  return forms.map((form) => `(?<=${literal(form.first)})${form.rest}`).join("|");
}

/** A quote written as an escape or an entity: `%22`, `\u0022`, `&quot;`, `&#39;`, ... */
const ENCODED_QUOTES = encodedForms("\"'\x60", ["quot", "apos", "grave"]);
/** An optional quote, plain, escaped or encoded. */
const ANY_QUOTE = String.raw`(?:\\?["'\x60]|${whole(ENCODED_QUOTES)})?`;
/** Spaces, or one URL-encoded space (`%20`, `+`). */
const BLANKS = String.raw`(?:[ \t]{1,16}|%(?:25)?20|\+)`;

/** Every operator of the key rules, and the entity names of their characters. */
const OPERATOR_TEXTS = ["=>", ":=", ":", "=", ",", ">"];
const ENTITY_NAMES: Readonly<Record<string, string>> = {
  "=": "equals",
  ":": "colon",
  ",": "comma",
  ">": "gt",
};

/**
 * The operators `operator` (a regex) takes, encoded, read after the first
 * character of the encoded form (`%3D`, `\u003a`, `&#61;`, `&gt;`,
 * `%3A%3D`): any of their first characters, then any of their second ones.
 */
function encodedOperatorAfterFirst(operator: string): string {
  const plain = new RegExp(`^(?:${operator})$`);
  const texts = OPERATOR_TEXTS.filter((text) => plain.test(text));
  const forms = (characters: string[]) => {
    const distinct = [...new Set(characters)].join("");
    return encodedForms(distinct, [...distinct].map((character) => ENTITY_NAMES[character]));
  };
  const seconds = texts.filter((text) => text.length > 1).map((text) => text[1]);
  const second = seconds.length === 0 ? "" : `(?:${whole(forms(seconds))})?`;
  return `(?:${afterFirst(forms(texts.map((text) => text[0])))})${second}`;
}

/**
 * Not after a key's ending (`ey`, `en`, `on`, `et`): an `=` there, plain or
 * encoded, is an assignment's operator, where a key rule's own match
 * begins, so a value ends before it. Each attempt then reads at most to the
 * next operator (review: `api_key%3Dapi_key%3D…` read 2 KiB per operator).
 */
export const NOT_AFTER_KEY = String.raw`(?<![eE][yYnNtT]|[oO][nN])`;

/**
 * A character of the value: a key character, one percent-encoded (`%2B`,
 * `%2F`, `%3D`, `%2D`, `%2E`, `%5F`, `%7E`, also twice), or a slash, plus or
 * equals sign escaped as JSON writes them (`\/`, `\u002f`, `\u002b`,
 * `\u003d`), an `=` not after a key's ending ({@linkcode NOT_AFTER_KEY}).
 * An encoded `&`, quote, space or `<` ends the value.
 */
const VALUE_CHARACTER = String
  .raw`(?:[A-Za-z0-9_.+/~-]|%(?:25)?(?:2[BbFfDdEe]|5[Ff]|7[Ee])|\\(?:\/|u002[bBfF])|${NOT_AFTER_KEY}(?:=|%(?:25)?3[Dd]|\\u003[dD]))`;

/** A value character that is no digit (a digit inside an escape, `%2F`, is none). */
const NON_DIGIT_VALUE_CHARACTER = String
  .raw`(?:[A-Za-z_.+/~-]|%(?:25)?(?:2[BbFfDdEe]|5[Ff]|7[Ee])|\\(?:\/|u002[bBfF])|${NOT_AFTER_KEY}(?:=|%(?:25)?3[Dd]|\\u003[dD]))`;

/** The shortest value taken. */
export const SHORTEST_ENCODED_VALUE = 16;

/** The most value characters taken (6 characters each at most: `\u002f`). */
const LONGEST_ENCODED_VALUE = 2500;

/** What the rule is built from: the key rules' keys, operator, schemes and partial tail. */
export interface EncodedContextParts {
  /** The keys as written in the key rules (`?` an optional `_` or `-`). */
  readonly keys: readonly string[];
  /** The regex of the keys (an alternation, any case), see {@linkcode minimalKeys}. */
  readonly keyRegex: string;
  /** The regex of the plain operators. */
  readonly operator: string;
  /** The regex of the authorization schemes kept visible (`Bearer`). */
  readonly schemes: string;
  /** The class of the characters a key rule's match reads, for `partial`. */
  readonly tail: string;
  /** The masked form. */
  readonly mask: string;
  /**
   * What a value must be besides a run of key characters: `any` (header
   * values, masked whatever they hold), or `credential` (as the
   * credential-assignment rule asks: a digit among its first 1024
   * characters, and no call or index after it, `makeToken2(`).
   */
  readonly value: "any" | "credential";
}

/** The rule of the key rules' keys with an encoded operator or quotes. */
export function encodedContextPattern(parts: EncodedContextParts): SecretPattern {
  const { keyRegex, operator } = parts;
  const keyEnd = String.raw`(?:${keyRegex})${ANY_QUOTE}[ \t]{0,16}`;
  // First a cheap check of the keys' last two letters, which most `%`, `\` and `&` fail at once.
  const endings = [...new Set(parts.keys.map((key) => key.slice(-2).toLowerCase()))];
  const ending = `(?:${endings.map((two) => [...two].map(anyCase).join("")).join("|")})`;
  const guard = String.raw`(?<=${ending}${ANY_QUOTE}[ \t]{0,16}(?:${operator}[ \t]{0,16})?.)`;
  // A `%` goes on with the code of an operator or a quote, which most `%XX` of a URL do not.
  const codes = [...new Set([...OPERATOR_TEXTS.join(""), ..."\"'\x60"])]
    .map((character) => hexAtom(character.charCodeAt(0)));
  const percent = String.raw`(?:(?<=%)(?=(?:25)?(?:${codes.join("|")}))|(?<=[\\&]))`;
  // One lookbehind for the key; a plain operator before the first character read means the
  // quote after it is the encoded one (a second, short lookbehind), else the operator is.
  const source = String.raw`[%\\&]${percent}${guard}(?<=${keyEnd}(?:${operator}[ \t]{0,16})?.)(?:${
    encodedOperatorAfterFirst(operator)
  }${BLANKS}?${ANY_QUOTE}|(?<=${operator}[ \t]{0,16}.)(?:${
    afterFirst(ENCODED_QUOTES)
  }))(?:${parts.schemes}${BLANKS})?${
    parts.value === "credential" ? `(?=${NON_DIGIT_VALUE_CHARACTER}{0,1023}[0-9])` : ""
  }(${VALUE_CHARACTER}{${SHORTEST_ENCODED_VALUE},${LONGEST_ENCODED_VALUE}})${
    parts.value === "credential" ? String.raw`(?!${VALUE_CHARACTER}|[(\[])` : ""
  }`;
  return {
    kind: "credential-assignment",
    label: "Credential assigned to a key name by an encoded operator",
    source,
    // The second rule's anchors start with a backslash, so that both share one regex (`_matcher.ts` GROUP_STARTS).
    anchors: parts.value === "credential" ? ["%", "\\", "&"] : ["\\", "%", "&"],
    partial: String
      .raw`(?<=${keyEnd}(?:${operator}[ \t]{0,16})?)[%\\&](?:${parts.tail}|[%&#;\\])*$`,
    reach: 6 * LONGEST_ENCODED_VALUE + 150,
    multiline: false,
    lookback: 0,
    guard: "",
    keys: parts.keys,
    keep: null,
    masked: parts.mask,
  };
}

/**
 * `keys` without those that end with another of them: with no boundary
 * before the key, `token` finds `x-auth-token` too.
 */
export function minimalKeys(keys: readonly string[]): string[] {
  return keys.filter((key) => !keys.some((other) => other !== key && endsWithKey(key, other)));
}

/**
 * Whether every spelling of `key` ends with a spelling of `ending` (both as
 * in the key rules: `?` an optional `_` or `-`): `x-goog-api-key` ends with
 * `api?key`, `aws?session?token` with `token`; `aws?session?token` does not
 * end with `sessiontoken` (`aws_session_token`).
 */
function endsWithKey(key: string, ending: string): boolean {
  if (ending.length > key.length) return false;
  const tail = key.slice(key.length - ending.length).toLowerCase();
  return [...ending.toLowerCase()].every((character, index) =>
    character === "?" ? "?_-".includes(tail[index]) : character === tail[index]
  );
}
