import type { Track } from '../../src/data/spotify.js';
import type { Movie } from '../../src/data/tmdb.js';

/** A hand-written track: audio features default to the middle, so each test states what matters. */
export function track(p: Partial<Track> & Pick<Track, 'trackId' | 'trackName'>): Track {
  return {
    artists: ['Someone'],
    albumName: 'An Album',
    popularity: 50,
    durationMs: 200_000,
    explicit: false,
    danceability: 0.5,
    energy: 0.5,
    key: 0,
    loudness: -8,
    mode: 1,
    speechiness: 0.05,
    acousticness: 0.3,
    instrumentalness: 0,
    liveness: 0.1,
    valence: 0.5,
    tempo: 120,
    timeSignature: 4,
    genres: ['pop'],
    ...p,
  };
}

export function movie(p: Partial<Movie> & Pick<Movie, 'id' | 'title'>): Movie {
  return {
    originalTitle: p.title,
    year: 2000,
    releaseDate: '2000-01-01',
    overview: 'A story.',
    tagline: '',
    genres: ['Drama'],
    originalLanguage: 'en',
    productionCountries: [],
    spokenLanguages: [],
    keywords: [],
    popularity: 10,
    voteAverage: 7,
    voteCount: 1000,
    runtime: 100,
    posterPath: `/p${p.id}.jpg`,
    imdbId: `tt${String(p.id).padStart(7, '0')}`,
    ...p,
  };
}

/** 22-character Spotify-like ids. */
export function tid(n: number): string {
  return `T${String(n).padStart(21, '0')}`;
}

export const TRACKS: Track[] = [
  track({
    trackId: tid(1),
    trackName: 'Days I Will Remember',
    artists: ['Tyrone Wells'],
    genres: ['acoustic'],
    acousticness: 0.9,
    energy: 0.3,
    valence: 0.6,
  }),
  track({
    trackId: tid(2),
    trackName: 'Grind Your Bones',
    artists: ['Gorefest X'],
    genres: ['death-metal'],
    energy: 0.98,
    valence: 0.05,
    mode: 0,
    loudness: -3,
    tempo: 180,
  }),
  track({
    trackId: tid(3),
    trackName: 'Party Rockin',
    artists: ['DJ Sunny'],
    genres: ['party'],
    danceability: 0.95,
    energy: 0.9,
    valence: 0.95,
  }),
  track({
    trackId: tid(4),
    trackName: 'Seoul Nights',
    artists: ['K Group'],
    genres: ['k-pop'],
    danceability: 0.8,
    valence: 0.7,
  }),
  track({
    trackId: tid(5),
    trackName: 'Hello',
    artists: ['Adele'],
    genres: ['pop'],
    valence: 0.3,
    acousticness: 0.6,
  }),
  track({ trackId: tid(6), trackName: 'Hello', artists: ['Lionel Richie'], genres: ['soul'], valence: 0.4 }),
  track({
    trackId: tid(7),
    trackName: 'Ruby Tuesday - Remastered 2011',
    artists: ['The Rolling Stones'],
    genres: ['rock'],
  }),
  track({
    trackId: tid(8),
    trackName: 'Café del Mar (feat. Someone)',
    artists: ['Energy 52'],
    genres: ['trance'],
    instrumentalness: 0.9,
  }),
  track({
    trackId: tid(9),
    trackName: 'Danger Zone',
    artists: ['Kenny Loggins'],
    albumName: 'Top Gun (Original Motion Picture Soundtrack)',
    genres: ['rock'],
    energy: 0.9,
  }),
  track({
    trackId: tid(10),
    trackName: 'Lullaby',
    artists: ['Sleepy'],
    genres: ['sleep'],
    energy: 0.05,
    acousticness: 0.95,
    instrumentalness: 0.9,
  }),
];

export const MOVIES: Movie[] = [
  movie({
    id: 1,
    title: 'The Notebook Years',
    genres: ['Romance', 'Drama'],
    overview: 'A tender love story of memories and summer.',
    year: 2004,
  }),
  movie({
    id: 2,
    title: 'Blood Harvest',
    genres: ['Horror', 'Thriller'],
    overview: 'A killer hunts teenagers; blood, terror and death.',
    year: 2010,
  }),
  movie({
    id: 3,
    title: 'Beach Party Bash',
    genres: ['Comedy', 'Music'],
    overview: 'Friends throw the best, happiest party ever.',
    year: 2015,
  }),
  movie({
    id: 4,
    title: 'Seoul Love',
    genres: ['Romance', 'Comedy'],
    originalLanguage: 'ko',
    overview: 'Two strangers fall in love in Seoul.',
    year: 2018,
  }),
  movie({
    id: 5,
    title: 'Top Gun',
    genres: ['Action', 'Drama'],
    overview: 'A hotshot pilot at an elite school for fighter pilots.',
    year: 1986,
  }),
  movie({
    id: 6,
    title: 'Star Voyage',
    genres: ['Science Fiction', 'Adventure'],
    overview: 'Explorers cross the galaxy.',
    year: 2014,
    keywords: ['space', 'astronaut'],
  }),
  movie({
    id: 7,
    title: 'Family Fun',
    genres: ['Family', 'Animation', 'Comedy'],
    overview: 'A happy family adventure with friends.',
    year: 2012,
  }),
  movie({
    id: 8,
    title: 'War Cry',
    genres: ['War', 'History'],
    overview: 'Soldiers battle through war and grief.',
    year: 1998,
  }),
  movie({
    id: 9,
    title: 'Quiet Hours',
    genres: ['Drama'],
    overview: 'A quiet, intimate story of a grieving widow.',
    year: 2019,
  }),
  movie({ id: 10, title: 'Hello', genres: ['Drama', 'Romance'], overview: 'A chance meeting.', year: 2008 }),
  movie({
    id: 11,
    title: 'Neon Chase',
    genres: ['Action', 'Crime', 'Thriller'],
    overview: 'A getaway driver races through the city in a deadly chase.',
    year: 2011,
  }),
  movie({
    id: 12,
    title: 'Midnight Sermon',
    genres: ['Horror'],
    overview: 'A cult performs a sinister ritual.',
    year: 2021,
  }),
];
