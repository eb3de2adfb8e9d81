/**
 * Room names are arbitrary UTF-8 to LiveKit. New names made here must look like what they are:
 * no leading or trailing space, no control or invisible format characters (bidi overrides,
 * zero-width spaces), which make one room pass for another and a typed confirmation impossible.
 * Names that already exist (made by other clients) are still listed, opened and deleted, and
 * shown with their invisible characters made visible.
 */

// Cc, Cf (bidi controls, zero-width characters, BOM …), line and paragraph separators.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const INVISIBLE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
// A zero-width joiner inside an emoji sequence (👩‍💻) is part of the picture, not a trick.
const EMOJI_ZWJ =
  /(?<=[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F])\u200D(?=\p{Extended_Pictographic})/gu;

const NAMES: Record<string, string> = {
  "\u200B": "zero-width space",
  "\u200C": "zero-width non-joiner",
  "\u200D": "zero-width joiner",
  "\u200E": "left-to-right mark",
  "\u200F": "right-to-left mark",
  "\u202A": "left-to-right embedding",
  "\u202B": "right-to-left embedding",
  "\u202C": "pop directional formatting",
  "\u202D": "left-to-right override",
  "\u202E": "right-to-left override",
  "\u2066": "left-to-right isolate",
  "\u2067": "right-to-left isolate",
  "\u2068": "first strong isolate",
  "\u2069": "pop directional isolate",
  "\uFEFF": "zero-width no-break space",
  "\u00AD": "soft hyphen",
};

const codePoint = (c: string) =>
  `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** The first invisible or control character of a name, described, or undefined. */
export function invisibleIn(name: string): string | undefined {
  const m = INVISIBLE.exec(name.replace(EMOJI_ZWJ, ""));
  if (!m) return undefined;
  const c = m[0];
  return NAMES[c] ? `${codePoint(c)} (${NAMES[c]})` : codePoint(c);
}

/** Why a new room name is refused, in words that name the rule; undefined when it is fine. */
export function newNameProblem(name: string): string | undefined {
  const bare = name.replace(INVISIBLE_ALL, "").trim();
  if (bare.length === 0) return "Room name must not be blank (or only invisible characters)";
  if (/^\s|\s$/u.test(name)) return "Room name must not start or end with a space";
  const hidden = invisibleIn(name);
  if (hidden) return `Room name must not contain invisible or control characters (found ${hidden})`;
  return undefined;
}

/**
 * The name as a person can read and type it: invisible characters as ⟨U+202E⟩, leading and
 * trailing spaces as ⟨U+0020⟩. Equal to the name itself for every ordinary name.
 */
export function visibleName(name: string): string {
  const escaped = name.replace(INVISIBLE_ALL, (c, offset: number) =>
    c === "\u200D" && isEmojiJoiner(name, offset) ? c : `⟨${codePoint(c)}⟩`,
  );
  return escaped
    .replace(/^\s+/u, (s) => [...s].map((c) => `⟨${codePoint(c)}⟩`).join(""))
    .replace(/\s+$/u, (s) => [...s].map((c) => `⟨${codePoint(c)}⟩`).join(""));
}

function isEmojiJoiner(name: string, offset: number): boolean {
  EMOJI_ZWJ.lastIndex = 0;
  for (const m of name.matchAll(EMOJI_ZWJ)) if (m.index === offset) return true;
  return false;
}

/** True when the name shows differently from what it is (something hidden in it). */
export const hasHiddenCharacters = (name: string) => visibleName(name) !== name;
