/**
 * The culture bridge: film original languages grouped into the buckets a song can point to. A song's
 * bucket comes from its genre (k-pop → Korean) or from the script of its title (Hangul, kana, Devanagari…).
 */
export const LANGUAGE_BUCKETS = [
  'en',
  'es',
  'pt',
  'fr',
  'de',
  'it',
  'ja',
  'ko',
  'zh',
  'hi',
  'nordic',
  'tr',
  'fa',
  'ru',
  'sea',
  'other',
] as const;

export type LanguageBucket = (typeof LANGUAGE_BUCKETS)[number];

const BUCKET_OF: Record<string, LanguageBucket> = {
  en: 'en',
  es: 'es',
  pt: 'pt',
  fr: 'fr',
  de: 'de',
  it: 'it',
  ja: 'ja',
  ko: 'ko',
  zh: 'zh',
  cn: 'zh',
  hi: 'hi',
  ta: 'hi',
  te: 'hi',
  ml: 'hi',
  kn: 'hi',
  bn: 'hi',
  sv: 'nordic',
  da: 'nordic',
  no: 'nordic',
  nb: 'nordic',
  fi: 'nordic',
  is: 'nordic',
  tr: 'tr',
  fa: 'fa',
  ru: 'ru',
  uk: 'ru',
  ms: 'sea',
  id: 'sea',
  th: 'sea',
  tl: 'sea',
  vi: 'sea',
};

export const LANGUAGE_NAMES: Record<LanguageBucket, string> = {
  en: 'English-language',
  es: 'Spanish-language',
  pt: 'Portuguese-language',
  fr: 'French',
  de: 'German',
  it: 'Italian',
  ja: 'Japanese',
  ko: 'Korean',
  zh: 'Chinese',
  hi: 'Indian',
  nordic: 'Nordic',
  tr: 'Turkish',
  fa: 'Iranian',
  ru: 'Russian',
  sea: 'Southeast Asian',
  other: 'world',
};

export function bucketOfLanguage(code: string): LanguageBucket {
  return BUCKET_OF[code.trim().toLowerCase()] ?? 'other';
}

/** Title scripts that give a song's language away regardless of its genre label. */
const SCRIPTS: Array<[RegExp, LanguageBucket]> = [
  [/[\u3040-\u30ff]/, 'ja'], // kana before Han: Japanese titles mix both
  [/[\uac00-\ud7af\u1100-\u11ff]/, 'ko'],
  [/[\u4e00-\u9fff]/, 'zh'],
  [/[\u0900-\u097f\u0b80-\u0bff\u0c00-\u0c7f]/, 'hi'],
  [/[\u0400-\u04ff]/, 'ru'],
  [/[\u0600-\u06ff]/, 'fa'],
  [/[\u0e00-\u0e7f]/, 'sea'],
];

export function bucketOfScript(text: string): LanguageBucket | undefined {
  for (const [re, bucket] of SCRIPTS) if (re.test(text)) return bucket;
  return undefined;
}
