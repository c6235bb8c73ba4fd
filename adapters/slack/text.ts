/** Slack escapes these three in command text; everything else arrives as typed. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Escapes user-supplied text for mrkdwn, so a title cannot inject mentions or links. */
export function mrkdwnEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to at most `max` characters (code points kept whole), ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Do not leave half a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function stripQuotes(s: string): string {
  return s.replace(/^["“”'‘’]+|["“”'‘’]+$/g, '').trim();
}

/**
 * `/movie-for <song> [by <artist>]`: the last " by " splits title from artist, so "Stand By Me by
 * Ben E. King" works. `whole` keeps the unsplit text for titles that contain " by " themselves.
 */
export function parseSongText(raw: string): { song: string; artist?: string; whole: string } {
  const whole = stripQuotes(unescapeSlack(raw).replace(/\s+/g, ' ').trim());
  const m = /^(.*\S)\s+by\s+(\S.*)$/i.exec(whole);
  if (!m) return { song: whole, whole };
  const song = stripQuotes(m[1] as string);
  const artist = stripQuotes(m[2] as string);
  return song && artist ? { song, artist, whole } : { song: whole, whole };
}

/** `/songs-for <movie> [(year)]`: a trailing year in brackets narrows films that share a title. */
export function parseMovieText(raw: string): { movie: string; year?: number } {
  const text = stripQuotes(unescapeSlack(raw).replace(/\s+/g, ' ').trim());
  const m = /^(.*\S)\s*\(((?:18|19|20)\d{2})\)$/.exec(text);
  return m ? { movie: stripQuotes(m[1] as string), year: Number(m[2]) } : { movie: text };
}
