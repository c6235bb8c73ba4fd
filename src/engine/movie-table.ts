import type { MovieRecord } from './catalog.js';

/** Year column value of a film without a release date. */
export const NO_YEAR = -2147483648;
/** A genre mask holds this many genres; a catalogue with more falls back to the records. */
export const MAX_MASK_GENRES = 32;

/**
 * The fields ranking and filtering read for every candidate film, as typed columns, so a
 * query never has to materialise a film record it will not show.
 */
export interface MovieColumns {
  ids: Int32Array;
  /** Release year, NO_YEAR when unknown. */
  years: Int32Array;
  themes: Uint32Array;
  voteCounts: Float64Array;
  /** 1 when the poster classifier flagged the film. */
  unsafe: Uint8Array;
  /** Bit i set: the film has genre genreNames[i]. */
  genreMasks: Uint32Array;
  genreNames: readonly string[];
  /** More distinct genres than a mask holds: genre filters read the records instead. */
  genreOverflow: boolean;
}

export interface MovieSource {
  /** The full record of film i (called at most once per film; the table caches it). */
  record(i: number): MovieRecord;
  /** Title and original title of every film, in catalogue order (read once, for title lookup). */
  titles(): Array<[string, string]>;
}

/**
 * The catalogue's films: typed columns for the hot path and records materialised on demand.
 * Loading a 440k-film index stays fast because nothing per film is parsed until it is shown.
 */
export class MovieTable {
  readonly length: number;
  private readonly cache: Array<MovieRecord | undefined>;
  private idIndex: Map<number, number> | undefined;

  constructor(
    readonly columns: MovieColumns,
    private readonly source: MovieSource,
  ) {
    this.length = columns.ids.length;
    this.cache = new Array(this.length);
  }

  static fromRecords(records: readonly MovieRecord[]): MovieTable {
    const all = records.slice();
    return new MovieTable(columnsOf(all), {
      record: (i) => all[i] as MovieRecord,
      titles: () => all.map((m) => [m.title, m.originalTitle]),
    });
  }

  /** Film i's record; undefined outside the table. */
  at(i: number): MovieRecord | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    let r = this.cache[i];
    if (!r) {
      r = this.source.record(i);
      this.cache[i] = r;
    }
    return r;
  }

  /** The catalogue position of a TMDb id (the lookup map is built on first use). */
  indexOfId(tmdbId: number): number | undefined {
    if (!this.idIndex) {
      const ids = this.columns.ids;
      this.idIndex = new Map();
      for (let i = 0; i < ids.length; i++) this.idIndex.set(ids[i] as number, i);
    }
    return this.idIndex.get(tmdbId);
  }

  year(i: number): number | null {
    const y = this.columns.years[i];
    return y === undefined || y === NO_YEAR ? null : y;
  }

  /** Title pairs of every film, for building a title lookup. */
  titles(): Array<[string, string]> {
    return this.source.titles();
  }

  /** Every record, materialised: for offline tools (eval, insights), not the serving path. */
  all(): MovieRecord[] {
    const out = new Array<MovieRecord>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i) as MovieRecord;
    return out;
  }

  /** A test for "film i has none of these genres" that reads the mask when it can. */
  lacksGenres(names: Iterable<string>): (i: number) => boolean {
    const wanted = new Set([...names].map((g) => g.toLowerCase()));
    if (wanted.size === 0) return () => true;
    if (this.columns.genreOverflow) {
      return (i) => !(this.at(i)?.genres ?? []).some((g) => wanted.has(g.toLowerCase()));
    }
    let mask = 0;
    this.columns.genreNames.forEach((g, bit) => {
      if (wanted.has(g.toLowerCase())) mask |= 1 << bit;
    });
    const masks = this.columns.genreMasks;
    return (i) => ((masks[i] as number) & mask) === 0;
  }
}

/** Builds the columns of a list of records. */
export function columnsOf(records: readonly MovieRecord[]): MovieColumns {
  const n = records.length;
  const genreNames: string[] = [];
  const genreBit = new Map<string, number>();
  let genreOverflow = false;
  const columns = {
    ids: new Int32Array(n),
    years: new Int32Array(n),
    themes: new Uint32Array(n),
    voteCounts: new Float64Array(n),
    unsafe: new Uint8Array(n),
    genreMasks: new Uint32Array(n),
  };
  records.forEach((m, i) => {
    // Ingest refuses such ids; an Int32 column would silently wrap one and break lookups later.
    if (!(Number.isInteger(m.id) && m.id > 0 && m.id < 2 ** 31))
      throw new RangeError(`film id ${m.id} does not fit the index`);
    columns.ids[i] = m.id;
    columns.years[i] = m.year ?? NO_YEAR;
    columns.themes[i] = m.themes;
    columns.voteCounts[i] = m.voteCount;
    columns.unsafe[i] = m.unsafePoster ? 1 : 0;
    let mask = 0;
    for (const g of m.genres) {
      let bit = genreBit.get(g);
      if (bit === undefined) {
        if (genreNames.length >= MAX_MASK_GENRES) {
          genreOverflow = true;
          continue;
        }
        bit = genreNames.length;
        genreNames.push(g);
        genreBit.set(g, bit);
      }
      mask |= 1 << bit;
    }
    columns.genreMasks[i] = mask >>> 0;
  });
  return { ...columns, genreNames, genreOverflow };
}
