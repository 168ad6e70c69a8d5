/**
 * The characters, besides those `normalize_for_matching.ts` names by
 * block and property, that normalising folds into printable ASCII or a
 * space: the no-break and other spaces (`key:\u00A0value`), ligatures
 * (`\u0133`), the long s (`\u017F`), modifier and superscript letters,
 * fractions, roman numerals, squared and parenthesised letters and digits,
 * small and vertical forms of `:`, `=`, `,` and the like. A text holding one
 * is matched in its normalised form, where a key written with them reads as
 * the key.
 *
 * Listed one by one, from Unicode's NFKC mappings as Deno's ICU gives them:
 * tests/security/normalize_for_matching_folds_test.ts checks every code
 * point and prints the ranges to add when a newer Unicode folds more.
 *
 * @module
 */

/** A regex character-class body (for the `u` flag) of those characters. */
export const FOLDS_TO_ASCII: string = [
  "\\u{00A0}\\u{00A8}\\u{00AF}\\u{00B4}\\u{00B8}\\u{00BC}-\\u{00BE}\\u{0132}-\\u{0133}",
  "\\u{013F}-\\u{0140}\\u{0149}\\u{017F}\\u{01C4}-\\u{01CC}\\u{01F1}-\\u{01F3}\\u{02B0}",
  "\\u{02B2}-\\u{02B3}\\u{02B7}-\\u{02B8}\\u{02D8}-\\u{02DD}\\u{02E1}-\\u{02E3}\\u{1D2C}\\u{1D2E}",
  "\\u{1D30}-\\u{1D31}\\u{1D33}-\\u{1D3A}\\u{1D3C}\\u{1D3E}-\\u{1D43}\\u{1D45}\\u{1D47}-\\u{1D49}",
  "\\u{1D4D}\\u{1D4F}-\\u{1D50}\\u{1D52}\\u{1D56}-\\u{1D58}\\u{1D5B}\\u{1D5E}\\u{1D61}-\\u{1D65}",
  "\\u{1D67}-\\u{1D68}\\u{1D6A}\\u{1D78}\\u{1D9C}\\u{1DA0}\\u{1DA2}\\u{1DA5}\\u{1DBB}\\u{1E9A}",
  "\\u{1FBD}-\\u{1FC1}\\u{1FCD}-\\u{1FCF}\\u{1FDD}-\\u{1FDF}\\u{1FED}-\\u{1FEF}",
  "\\u{1FFD}-\\u{1FFE}\\u{2000}-\\u{200A}\\u{2017}\\u{2024}-\\u{2026}\\u{202F}\\u{203C}\\u{203E}",
  "\\u{2047}-\\u{2049}\\u{205F}\\u{20A8}\\u{2150}-\\u{217F}\\u{2189}\\u{2A74}-\\u{2A76}",
  "\\u{2C7C}-\\u{2C7D}\\u{309B}-\\u{309C}\\u{3200}-\\u{321E}\\u{3220}-\\u{3243}",
  "\\u{3250}-\\u{325F}\\u{32B1}-\\u{32CF}\\u{3300}\\u{3303}\\u{3307}-\\u{3308}\\u{330A}\\u{330D}",
  "\\u{3311}-\\u{3313}\\u{3316}\\u{331B}-\\u{331C}\\u{331E}\\u{3320}\\u{3324}\\u{332B}-\\u{332D}",
  "\\u{3333}\\u{3336}\\u{333B}-\\u{333C}\\u{3341}-\\u{3342}\\u{334A}\\u{334D}-\\u{334F}",
  "\\u{3353}-\\u{3354}\\u{3358}-\\u{337A}\\u{3380}-\\u{33FF}\\u{A69D}\\u{A7F2}-\\u{A7F4}",
  "\\u{FB00}-\\u{FB06}\\u{FB29}\\u{FC5E}-\\u{FC63}\\u{FDFA}-\\u{FDFB}\\u{FE10}\\u{FE13}-\\u{FE16}",
  "\\u{FE19}\\u{FE30}-\\u{FE32}\\u{FE35}-\\u{FE38}\\u{FE47}-\\u{FE4C}\\u{FE50}\\u{FE52}",
  "\\u{FE54}-\\u{FE57}\\u{FE59}-\\u{FE5C}\\u{FE5F}-\\u{FE62}\\u{FE64}-\\u{FE66}",
  "\\u{FE68}-\\u{FE6B}\\u{FE70}\\u{FE72}\\u{FE74}\\u{FE76}\\u{FE78}\\u{FE7A}\\u{FE7C}\\u{FE7E}",
  "\\u{107A5}\\u{107B6}\\u{1CCD6}-\\u{1CCF9}\\u{1E030}-\\u{1E033}\\u{1E035}\\u{1E037}\\u{1E039}",
  "\\u{1E03C}\\u{1E03E}-\\u{1E03F}\\u{1E041}\\u{1E043}\\u{1E04C}-\\u{1E04D}\\u{1E04F}-\\u{1E054}",
  "\\u{1E056}\\u{1E058}\\u{1E05A}\\u{1E05C}\\u{1E05E}-\\u{1E05F}\\u{1E061}\\u{1E068}-\\u{1E069}",
  "\\u{1FBF0}-\\u{1FBF9}",
].join("");
