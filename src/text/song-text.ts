/** Quotes people type around titles: "Creep", “Creep”, 'Creep'. */
export function stripQuotes(s: string): string {
  return s.replace(/^["“”'‘’]+|["“”'‘’]+$/g, '').trim();
}

/**
 * `<song> [by <artist>]` as people type it: the last " by " splits title from artist, so "Stand By
 * Me by Ben E. King" works. `whole` keeps the unsplit text for titles that contain " by " themselves.
 */
export function parseSongText(raw: string): { song: string; artist?: string; whole: string } {
  const whole = stripQuotes(raw.replace(/\s+/g, ' ').trim());
  const m = /^(.*\S)\s+by\s+(\S.*)$/i.exec(whole);
  if (!m) return { song: whole, whole };
  const song = stripQuotes(m[1] as string);
  const artist = stripQuotes(m[2] as string);
  return song && artist ? { song, artist, whole } : { song: whole, whole };
}
