import { TMDB_GENRES, type TmdbGenre } from './tmdb-genres.js';

/**
 * The genre bridge: each Spotify `track_genre` → TMDb genres it evokes (weights in (0, 1]) and the
 * film cultures (original languages) it belongs to. Hand-written, one line per genre, so a reader can
 * check and argue with each mapping; the reasons shown to users quote it.
 * Format: 'Genre weight, Genre weight | lang lang'. No language means no cultural pull.
 */
const TABLE: Record<string, string> = {
  acoustic: 'Drama .6, Romance .6, Music .3',
  afrobeat: 'Music .5, Comedy .4, Drama .3',
  'alt-rock': 'Drama .5, Comedy .3, Action .3, Crime .2',
  alternative: 'Drama .5, Comedy .3, Romance .2',
  ambient: 'Science Fiction .6, Drama .5, Mystery .4, Documentary .3, Fantasy .3',
  anime: 'Animation 1, Fantasy .6, Action .4, Adventure .4 | ja',
  'black-metal': 'Horror 1, Fantasy .4, Thriller .4',
  bluegrass: 'Western .8, Drama .4, Comedy .3',
  blues: 'Drama .6, Crime .4, Music .4, History .2',
  brazil: 'Music .4, Drama .4, Comedy .3, Romance .3 | pt',
  breakbeat: 'Action .6, Crime .4, Thriller .3',
  british: 'Comedy .5, Drama .4, Crime .3',
  cantopop: 'Romance .5, Drama .4, Action .3 | cn zh',
  'chicago-house': 'Music .5, Comedy .4, Romance .2',
  children: 'Family 1, Animation .8, Comedy .5',
  chill: 'Romance .4, Drama .4, Comedy .3',
  classical: 'History .6, Drama .5, Romance .3, War .3, Music .3',
  club: 'Comedy .4, Music .4, Crime .3, Romance .2',
  comedy: 'Comedy 1',
  country: 'Western .6, Drama .5, Romance .4, Comedy .3',
  dance: 'Comedy .5, Music .5, Romance .3',
  dancehall: 'Comedy .4, Music .4, Crime .3',
  'death-metal': 'Horror 1, Thriller .5, Action .3',
  'deep-house': 'Music .4, Romance .3, Drama .3, Thriller .2',
  'detroit-techno': 'Science Fiction .5, Crime .3, Thriller .3, Action .3',
  disco: 'Music .6, Comedy .5, Romance .3',
  disney: 'Animation 1, Family 1, Fantasy .6, Music .4',
  'drum-and-bass': 'Action .7, Science Fiction .4, Thriller .4',
  dub: 'Crime .4, Drama .3, Comedy .3',
  dubstep: 'Action .7, Science Fiction .5, Thriller .3',
  edm: 'Action .4, Comedy .4, Science Fiction .3, Music .3',
  electro: 'Science Fiction .5, Action .4, Comedy .3',
  electronic: 'Science Fiction .6, Thriller .3, Action .3',
  emo: 'Drama .6, Romance .4, Horror .2',
  folk: 'Drama .6, Western .3, Romance .3, History .3',
  forro: 'Comedy .4, Romance .4, Music .3 | pt',
  french: 'Romance .5, Drama .5, Comedy .3 | fr',
  funk: 'Comedy .6, Crime .4, Music .4, Action .2',
  garage: 'Crime .4, Comedy .3, Drama .3',
  german: 'Drama .5, War .3, History .3, Comedy .2 | de',
  gospel: 'Drama .6, Music .5, Family .3, History .2',
  goth: 'Horror .7, Fantasy .5, Drama .3, Mystery .3',
  grindcore: 'Horror 1, Thriller .4',
  groove: 'Comedy .5, Music .5, Crime .3',
  grunge: 'Drama .6, Crime .3, Thriller .3',
  guitar: 'Drama .4, Music .4, Western .3',
  happy: 'Comedy .8, Family .6, Animation .4',
  'hard-rock': 'Action .7, Adventure .4, Crime .3, Comedy .2',
  hardcore: 'Action .6, Crime .4, Thriller .4, Horror .3',
  hardstyle: 'Action .6, Science Fiction .4, Thriller .3',
  'heavy-metal': 'Action .6, Horror .5, Fantasy .4',
  'hip-hop': 'Crime .6, Comedy .4, Drama .4, Music .3',
  'honky-tonk': 'Western .8, Comedy .4, Drama .3',
  house: 'Music .5, Comedy .4, Romance .2',
  idm: 'Science Fiction .7, Mystery .4, Thriller .3',
  indian: 'Music .6, Romance .6, Drama .5, Comedy .3 | hi ta te ml',
  indie: 'Drama .6, Comedy .4, Romance .4',
  'indie-pop': 'Comedy .5, Romance .5, Drama .4',
  industrial: 'Science Fiction .6, Horror .5, Thriller .5, Action .4',
  iranian: 'Drama .8 | fa',
  'j-dance': 'Animation .4, Comedy .4, Music .3 | ja',
  'j-idol': 'Animation .5, Comedy .4, Romance .3 | ja',
  'j-pop': 'Animation .5, Romance .4, Drama .3 | ja',
  'j-rock': 'Animation .5, Action .5, Fantasy .3 | ja',
  jazz: 'Crime .5, Drama .5, Romance .4, Mystery .3',
  'k-pop': 'Romance .5, Drama .5, Comedy .4, Action .2 | ko',
  kids: 'Family 1, Animation .8, Comedy .5',
  latin: 'Romance .5, Drama .4, Comedy .4, Crime .3 | es',
  latino: 'Romance .5, Comedy .4, Drama .4 | es',
  malay: 'Drama .5, Romance .4 | ms id',
  mandopop: 'Romance .6, Drama .5 | zh cn',
  metal: 'Action .6, Horror .6, Fantasy .4',
  metalcore: 'Action .6, Horror .5, Thriller .4',
  'minimal-techno': 'Science Fiction .5, Thriller .4, Mystery .3',
  mpb: 'Drama .5, Romance .4, Music .3 | pt',
  'new-age': 'Fantasy .5, Drama .4, Documentary .4',
  opera: 'Drama .6, History .6, Romance .5, Music .3',
  pagode: 'Comedy .5, Romance .4 | pt',
  party: 'Comedy .8, Music .3, Romance .2',
  piano: 'Drama .7, Romance .5, History .2',
  pop: 'Romance .5, Comedy .5, Drama .3, Music .2',
  'pop-film': 'Romance .6, Drama .5, Music .5, Comedy .3 | hi',
  'power-pop': 'Comedy .6, Romance .4, Action .2',
  'progressive-house': 'Science Fiction .4, Action .3, Drama .3',
  'psych-rock': 'Science Fiction .4, Drama .4, Fantasy .4, Crime .2',
  punk: 'Comedy .5, Action .4, Crime .4, Drama .3',
  'punk-rock': 'Comedy .5, Action .4, Crime .4, Horror .2',
  'r-n-b': 'Romance .7, Drama .5, Comedy .3',
  reggae: 'Comedy .5, Drama .4, Crime .3',
  reggaeton: 'Comedy .4, Romance .4, Crime .3, Action .3 | es',
  rock: 'Action .5, Drama .5, Comedy .3, Adventure .3',
  'rock-n-roll': 'Comedy .5, Drama .4, Romance .3, Music .3',
  rockabilly: 'Comedy .5, Crime .3, Western .3, Romance .3',
  romance: 'Romance 1, Drama .5',
  sad: 'Drama 1, Romance .5',
  salsa: 'Romance .4, Comedy .4, Music .4 | es',
  samba: 'Comedy .5, Music .4 | pt',
  sertanejo: 'Romance .6, Drama .4 | pt',
  'show-tunes': 'Music 1, Family .5, Romance .4, Comedy .4, Animation .3',
  'singer-songwriter': 'Drama .7, Romance .5',
  ska: 'Comedy .7, Crime .3',
  sleep: 'Drama .5, Family .3, Fantasy .3, Animation .2',
  songwriter: 'Drama .7, Romance .5',
  soul: 'Romance .6, Drama .6, Music .4',
  spanish: 'Drama .4, Romance .4, Comedy .3 | es',
  study: 'Drama .4, Documentary .4, Science Fiction .3',
  swedish: 'Drama .5, Comedy .3, Crime .3 | sv',
  'synth-pop': 'Science Fiction .4, Romance .4, Comedy .4, Drama .3',
  tango: 'Romance .6, Drama .6, Music .3 | es',
  techno: 'Science Fiction .6, Action .4, Thriller .4, Crime .3',
  trance: 'Science Fiction .6, Fantasy .4, Action .3',
  'trip-hop': 'Crime .5, Thriller .5, Drama .4, Mystery .4',
  turkish: 'Drama .6, Comedy .3 | tr',
  'world-music': 'Drama .5, Documentary .4, Adventure .4, History .3',
};

export interface GenreBridge {
  genres: Array<[TmdbGenre, number]>;
  languages: string[];
}

const KNOWN = new Set<string>(TMDB_GENRES);

function parseLine(line: string): GenreBridge {
  const [genrePart = '', langPart = ''] = line.split('|');
  const genres: Array<[TmdbGenre, number]> = [];
  for (const item of genrePart.split(',')) {
    const m = /^\s*(.+?)\s+([\d.]+)\s*$/.exec(item);
    if (!m?.[1] || !KNOWN.has(m[1])) throw new Error(`genre bridge: bad entry ${JSON.stringify(item)}`);
    genres.push([m[1] as TmdbGenre, Number(m[2])]);
  }
  return { genres, languages: langPart.trim().split(/\s+/).filter(Boolean) };
}

export const GENRE_BRIDGE: ReadonlyMap<string, GenreBridge> = new Map(
  Object.entries(TABLE).map(([k, v]) => [k, parseLine(v)]),
);

/** Every Spotify genre the bridge knows, for autocomplete and filters. */
export const SPOTIFY_GENRES: readonly string[] = Object.keys(TABLE);

export function bridgeFor(genre: string): GenreBridge | undefined {
  return GENRE_BRIDGE.get(genre);
}
