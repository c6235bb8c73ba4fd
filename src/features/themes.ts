import { foldText } from '../text/normalize.js';

/**
 * Themes a song title and a film can share: a carol and a Christmas film, "Living Dead Girl" and a
 * horror film about the undead. Each theme lists the words that evoke it on either side; a film
 * shows a theme through its keywords or title, a song through its title only (never its album,
 * which would leak soundtrack membership into the evaluation).
 */
const THEMES: Record<string, string> = {
  christmas:
    'christmas xmas santa noel navidad weihnachten jingle sleigh reindeer mistletoe ' +
    'carol carols yule nativity snowman',
  halloween:
    'halloween zombie zombies undead dead vampire vampires ghost ghosts witch witches haunted monster',
  space: 'space rocket rockets astronaut astronauts moon mars galaxy stars planet orbit cosmic alien aliens',
  sea: 'ocean sea sailing sailor sailors pirate pirates island beach waves surf shark',
  road: 'highway road trip driving drive car cars route motorcycle',
  wedding: 'wedding bride marriage married honeymoon',
  summer: 'summer vacation holiday sunshine',
  school: 'school college teacher student students prom graduation',
  dance: 'dance dancing dancer disco ballet ballroom',
  crime: 'gangster gangsters mafia mob heist robbery outlaw bandit',
  war: 'war soldier soldiers army battle battlefield',
  west: 'cowboy cowboys western sheriff outlaw ranch rodeo frontier',
  love: 'love lovers romance valentine heartbreak',
  hero: 'superhero hero heroes spider batman superman avengers',
  music: 'band singer musician rock roll concert guitar piano jazz blues',
};

const WORD_TO_THEMES = new Map<string, string[]>();
for (const [theme, words] of Object.entries(THEMES)) {
  for (const w of words.split(/\s+/)) {
    const list = WORD_TO_THEMES.get(w) ?? [];
    list.push(theme);
    WORD_TO_THEMES.set(w, list);
  }
}

export function themesOf(...texts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const word of foldText(text).split(' ')) {
      const themes = WORD_TO_THEMES.get(word);
      if (themes) for (const t of themes) found.add(t);
    }
  }
  return [...found].sort();
}

export const THEME_NAMES: readonly string[] = Object.keys(THEMES);

/** How telling a shared theme is: a carol in a Christmas film is specific, a love song in a romance is not. */
const STRENGTH: Record<string, number> = {
  christmas: 1,
  halloween: 0.7,
  space: 0.5,
  west: 0.5,
  wedding: 0.5,
  school: 0.4,
  sea: 0.4,
  road: 0.4,
  dance: 0.4,
  crime: 0.4,
  war: 0.4,
  hero: 0.4,
  summer: 0.3,
  music: 0.3,
  love: 0.2,
};
const STRENGTH_BY_BIT = THEME_NAMES.map((t) => STRENGTH[t] ?? 0.3);

/** Summed strength of the themes in a bit mask (bit i = THEME_NAMES[i]). */
export function themeStrength(mask: number): number {
  let s = 0;
  for (let i = 0; i < STRENGTH_BY_BIT.length; i++) if (mask & (1 << i)) s += STRENGTH_BY_BIT[i] as number;
  return s;
}
