#!/usr/bin/env node
// Links the real dataset samples that sit beside this checkout (../shared/data) into ./data under
// the names `npm start` looks for. Links, not copies: the data is never part of the project.
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

const shared = resolve(process.argv[2] ?? '../shared/data');
const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const links = {
  'spotify_tracks.csv.gz': 'spotify_tracks_hf_sample10k.csv.gz',
  'TMDB_movie_dataset_v11.csv.gz': 'tmdb_v11_top3000.csv.gz',
  posters: 'posters',
};
if (!existsSync(shared)) {
  console.error(
    `No shared data at ${shared}; use \`music2movie data fetch\` or put the files into ${dataDir} by hand.`,
  );
  process.exit(1);
}
mkdirSync(dataDir, { recursive: true });
for (const [name, target] of Object.entries(links)) {
  const from = join(shared, target);
  if (!existsSync(from)) continue;
  rmSync(join(dataDir, name), { force: true, recursive: false });
  symlinkSync(from, join(dataDir, name));
  console.log(`${join(dataDir, name)} -> ${from}`);
}
