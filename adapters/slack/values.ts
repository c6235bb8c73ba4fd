/**
 * Button and option values are stateless and versioned: everything a click needs rides in the
 * value, so any replica can serve it, and anything that does not parse is "expired".
 *   v1|vote|<trackId>|<tmdbId>|u|d   a thumbs up/down on one film for one song
 *   v1|details|<trackId>|<tmdbId>     the film's card
 *   v1|more|<trackId>|<page>          the next page of films for the song
 *   v1|pick|<trackId>                 films for this song (candidates, picker, songs-for rows)
 *   v1|movie|<tmdbId>                 songs for this film (candidates of /songs-for)
 */
export type ActionValue =
  | { verb: 'vote'; trackId: string; tmdbId: number; value: 'up' | 'down' }
  | { verb: 'details'; trackId: string; tmdbId: number }
  | { verb: 'more'; trackId: string; page: number }
  | { verb: 'pick'; trackId: string }
  | { verb: 'movie'; tmdbId: number };

export const MAX_PAGE = 20;
const TRACK = '([A-Za-z0-9]{1,64})';
const TMDB = '([1-9][0-9]{0,9})';
const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => ActionValue | undefined]> = [
  [
    new RegExp(`^v1\\|vote\\|${TRACK}\\|${TMDB}\\|([ud])$`),
    (m) => ({
      verb: 'vote',
      trackId: m[1] as string,
      tmdbId: Number(m[2]),
      value: m[3] === 'u' ? 'up' : 'down',
    }),
  ],
  [
    new RegExp(`^v1\\|details\\|${TRACK}\\|${TMDB}$`),
    (m) => ({ verb: 'details', trackId: m[1] as string, tmdbId: Number(m[2]) }),
  ],
  [
    new RegExp(`^v1\\|more\\|${TRACK}\\|([0-9]{1,2})$`),
    (m) => {
      const page = Number(m[2]);
      return page >= 1 && page <= MAX_PAGE ? { verb: 'more', trackId: m[1] as string, page } : undefined;
    },
  ],
  [new RegExp(`^v1\\|pick\\|${TRACK}$`), (m) => ({ verb: 'pick', trackId: m[1] as string })],
  [new RegExp(`^v1\\|movie\\|${TMDB}$`), (m) => ({ verb: 'movie', tmdbId: Number(m[1]) })],
];

export function encodeValue(v: ActionValue): string {
  switch (v.verb) {
    case 'vote':
      return `v1|vote|${v.trackId}|${v.tmdbId}|${v.value === 'up' ? 'u' : 'd'}`;
    case 'details':
      return `v1|details|${v.trackId}|${v.tmdbId}`;
    case 'more':
      return `v1|more|${v.trackId}|${v.page}`;
    case 'pick':
      return `v1|pick|${v.trackId}`;
    case 'movie':
      return `v1|movie|${v.tmdbId}`;
  }
}

/** The value a button or option carried, or undefined for anything malformed, unknown or too long. */
export function decodeValue(raw: unknown): ActionValue | undefined {
  if (typeof raw !== 'string' || raw.length > 200) return undefined;
  for (const [re, build] of PATTERNS) {
    const m = re.exec(raw);
    if (m) return build(m);
  }
  return undefined;
}
