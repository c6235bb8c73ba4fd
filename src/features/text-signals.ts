import Sentiment from 'sentiment';

/**
 * Mood signals read from a film's overview and tagline. AFINN (the `sentiment` package) scores
 * valence; it has no notion of pace or menace (it does not even know "killer"), so two small
 * lexicons add arousal and darkness.
 */
const AROUSAL_WORDS = new Set(
  (
    'action attack attacks battle battles bomb bombs chase chased chases combat crash dangerous deadly destroy ' +
    'escape escapes explosion explosive fight fights fighting gun guns heist hunt hunted hunting kill kills ' +
    'mission race racing rampage revenge run running shoot shootout speed storm survive survival terror ' +
    'threat war warrior wild zombies invasion monster monsters assassin assassins pursuit rescue explosive ' +
    'dinosaurs alien aliens army soldiers rebel rebels hostage'
  ).split(/\s+/),
);

const DARK_WORDS = new Set(
  (
    'abuse addiction blood bloody body bodies corrupt corruption cult curse cursed dark darkness dead death ' +
    'deaths demon demons devil disturbing drug drugs evil execution ghost ghosts grief grim haunted haunting ' +
    'horror kidnapped killer killers madness massacre murder murdered murders nightmare obsession occult ' +
    'possessed prison psychopath revenge ritual sadistic serial sinister slasher suicide terror torture ' +
    'trauma twisted vampire vampires violence violent war witch zombie zombies crime criminal gang mafia'
  ).split(/\s+/),
);

const analyzer = new Sentiment();
const TOKEN = /[a-z']+/g;

export interface TextSignals {
  /** AFINN valence of the text, in [-1, 1]. */
  sentiment: number;
  /** Pace and action words, saturating in [0, 1]. */
  arousal: number;
  /** Menace and grimness words, saturating in [0, 1]. */
  darkness: number;
}

export function textSignals(text: string): TextSignals {
  const lower = text.toLowerCase();
  const tokens = lower.match(TOKEN) ?? [];
  let arousal = 0;
  let dark = 0;
  for (const t of tokens) {
    if (AROUSAL_WORDS.has(t)) arousal++;
    if (DARK_WORDS.has(t)) dark++;
  }
  const { comparative } = analyzer.analyze(lower);
  return {
    sentiment: Math.tanh(3 * comparative),
    arousal: 1 - Math.exp(-0.6 * arousal),
    darkness: 1 - Math.exp(-0.6 * dark),
  };
}
