/**
 * Normalisation for matching titles typed by people against catalogue titles: case, accents,
 * punctuation and the decorations Spotify adds ("feat. X", "- Remastered 2011", "(Live)").
 */
const DECORATION =
  /\s[-–—]\s.*(remaster|live|version|edit|mix|mono|stereo|demo|from\s|acoustic|radio|bonus|deluxe).*$/i;
const BRACKETED =
  /\s*[([][^)\]]*(feat\.?|ft\.|with |remaster|live|version|edit|mix|mono|stereo|demo|from |acoustic|radio|bonus|deluxe|soundtrack)[^)\]]*[)\]]/gi;
const FEAT = /\s(feat\.?|ft\.?|featuring)\s.*$/i;

export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A song title reduced to what people type: "Ruby Tuesday - Remastered 2011" → "ruby tuesday". */
export function normalizeSongTitle(title: string): string {
  const base = title.replace(BRACKETED, '').replace(DECORATION, '').replace(FEAT, '');
  const folded = foldText(base);
  return folded === '' ? foldText(title) : folded;
}

/** Removes control characters and caps length, so hostile input cannot blow up matching. */
export function sanitizeQuery(input: unknown, maxLength = 200): string {
  if (typeof input !== 'string') return '';
  return (
    input
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
      .slice(0, maxLength)
      .trim()
  );
}
