import { parseSongText, stripQuotes } from '../../src/text/song-text.js';

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

/** `/movie-for <song> [by <artist>]`, after Slack's escaping is undone (see parseSongText). */
export function parseSlackSongText(raw: string): { song: string; artist?: string; whole: string } {
  return parseSongText(unescapeSlack(raw));
}

/** `/songs-for <movie> [(year)]`: a trailing year in brackets narrows films that share a title. */
export function parseMovieText(raw: string): { movie: string; year?: number } {
  const text = stripQuotes(unescapeSlack(raw).replace(/\s+/g, ' ').trim());
  const m = /^(.*\S)\s*\(((?:18|19|20)\d{2})\)$/.exec(text);
  return m ? { movie: stripQuotes(m[1] as string), year: Number(m[2]) } : { movie: text };
}
