/**
 * When a Spotify genre had its heyday, as a year. Spotify's data carries no release date, but a
 * rockabilly song is old and a hyperpop one is new; films are placed by their release year. The
 * era axis then pairs classics with older films and current sounds with recent ones.
 */
const GENRE_ERA: Record<string, number> = {
  'rock-n-roll': 1957,
  rockabilly: 1956,
  blues: 1962,
  jazz: 1960,
  soul: 1967,
  gospel: 1965,
  'honky-tonk': 1960,
  bluegrass: 1965,
  tango: 1950,
  opera: 1950,
  classical: 1950,
  'show-tunes': 1965,
  folk: 1970,
  funk: 1975,
  disco: 1978,
  'psych-rock': 1970,
  'hard-rock': 1980,
  'heavy-metal': 1984,
  punk: 1978,
  'synth-pop': 1984,
  'new-age': 1988,
  reggae: 1976,
  ska: 1980,
  dub: 1978,
  country: 1995,
  'r-n-b': 1998,
  'singer-songwriter': 1975,
  songwriter: 1975,
  'punk-rock': 1995,
  grunge: 1993,
  'alt-rock': 1996,
  alternative: 1998,
  goth: 1986,
  industrial: 1992,
  'trip-hop': 1996,
  'detroit-techno': 1990,
  'chicago-house': 1988,
  breakbeat: 1995,
  'drum-and-bass': 1998,
  trance: 2000,
  'hip-hop': 2005,
  garage: 2002,
  emo: 2005,
  metalcore: 2008,
  indie: 2010,
  'indie-pop': 2012,
  edm: 2014,
  dubstep: 2012,
  'progressive-house': 2012,
  'deep-house': 2014,
  house: 2008,
  electro: 2010,
  hardstyle: 2012,
  'k-pop': 2017,
  'j-pop': 2012,
  'j-idol': 2015,
  'j-dance': 2012,
  'j-rock': 2008,
  anime: 2012,
  reggaeton: 2017,
  latino: 2015,
  pop: 2014,
  party: 2014,
  dance: 2012,
  'pop-film': 2012,
  sertanejo: 2015,
  pagode: 2005,
  forro: 2005,
  mpb: 1978,
  samba: 1975,
  salsa: 1980,
  disney: 1998,
  children: 2005,
  kids: 2005,
  chill: 2016,
  study: 2018,
  sleep: 2018,
  ambient: 2000,
  piano: 2005,
};

const DEFAULT_ERA = 2003;
/** "Remastered 2009" tags a re-release: the recording itself is older than the tag. */
const REMASTER = /remaster/i;

export function songEra(genres: readonly string[], trackName: string): number {
  const years = genres.map((g) => GENRE_ERA[g] ?? DEFAULT_ERA);
  const mean = years.length > 0 ? years.reduce((a, b) => a + b, 0) / years.length : DEFAULT_ERA;
  return REMASTER.test(trackName) ? Math.min(mean, 1995) - 10 : mean;
}

/** Years mapped to [0, 1] over the span films and songs share. */
export function eraScale(year: number): number {
  return Math.max(0, Math.min(1, (year - 1940) / 85));
}
