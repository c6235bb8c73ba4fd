import type { APIEmbed } from 'discord.js';
import type { MessageData } from './types.js';

/** Discord's message limits (characters unless noted). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  footer: 2048,
  authorName: 256,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Cuts text to `max` characters with an ellipsis, at a word boundary when one is near, never mid-surrogate. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space >= max * 0.8) cut = cut.slice(0, space);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** The characters of an embed that count towards the 6,000 total. */
export function embedLength(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0);
  n += (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/**
 * Brings a list of embeds within every limit: each text clipped to its own limit, at most 10
 * embeds, then the longest texts (descriptions first, in practice) shortened until the total fits
 * 6,000. Fields are not used by our replies and are only clipped.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const out = embeds.slice(0, LIMITS.embeds).map((e) => {
    const c: APIEmbed = { ...e };
    if (c.title !== undefined) c.title = clip(c.title, LIMITS.title);
    if (c.description !== undefined) c.description = clip(c.description, LIMITS.description);
    if (c.footer) c.footer = { ...c.footer, text: clip(c.footer.text, LIMITS.footer) };
    if (c.author) c.author = { ...c.author, name: clip(c.author.name, LIMITS.authorName) };
    if (c.fields)
      c.fields = c.fields.slice(0, LIMITS.fields).map((f) => ({
        ...f,
        name: clip(f.name, LIMITS.fieldName),
        value: clip(f.value, LIMITS.fieldValue),
      }));
    return c;
  });
  const total = () => out.reduce((n, e) => n + embedLength(e), 0);
  // Shorten the longest text by the excess until the total fits (descriptions, in practice), so every
  // film keeps its embed; drop embeds only if fields or authors alone overflow.
  for (let over = total() - LIMITS.embedTotal; over > 0; over = total() - LIMITS.embedTotal) {
    let pick: [APIEmbed, Shrinkable, number] | undefined;
    for (const e of out)
      for (const k of SHRINKABLE) {
        const len = textOf(e, k).length;
        if (!pick || len > pick[2]) pick = [e, k, len];
      }
    if (!pick || pick[2] <= 1) break;
    setText(pick[0], pick[1], clip(textOf(pick[0], pick[1]), Math.max(1, pick[2] - over)));
  }
  while (out.length > 1 && total() > LIMITS.embedTotal) out.pop();
  return out;
}

const SHRINKABLE = ['description', 'footer', 'title'] as const;
type Shrinkable = (typeof SHRINKABLE)[number];

function textOf(e: APIEmbed, k: Shrinkable): string {
  return (k === 'footer' ? e.footer?.text : e[k]) ?? '';
}

function setText(e: APIEmbed, k: Shrinkable, v: string): void {
  if (k === 'footer') e.footer = { ...e.footer, text: v };
  else e[k] = v;
}

/** Every way a message breaks Discord's limits; empty when it is fine. Tests check each reply with it. */
export function messageProblems(m: MessageData): string[] {
  const p: string[] = [];
  if ((m.content?.length ?? 0) > LIMITS.content) p.push(`content ${m.content?.length} > ${LIMITS.content}`);
  const embeds = m.embeds ?? [];
  if (embeds.length > LIMITS.embeds) p.push(`${embeds.length} embeds > ${LIMITS.embeds}`);
  let total = 0;
  embeds.forEach((e, i) => {
    total += embedLength(e);
    if ((e.title?.length ?? 0) > LIMITS.title) p.push(`embed ${i} title > ${LIMITS.title}`);
    if ((e.description?.length ?? 0) > LIMITS.description) p.push(`embed ${i} description too long`);
    if ((e.footer?.text.length ?? 0) > LIMITS.footer) p.push(`embed ${i} footer too long`);
    if ((e.fields?.length ?? 0) > LIMITS.fields) p.push(`embed ${i} has too many fields`);
    for (const f of e.fields ?? [])
      if (f.name.length > LIMITS.fieldName || f.value.length > LIMITS.fieldValue)
        p.push(`embed ${i} field too long`);
  });
  if (total > LIMITS.embedTotal) p.push(`embeds total ${total} > ${LIMITS.embedTotal}`);
  const rows = (m.components ?? []) as Array<{ type: number; components?: Array<Record<string, unknown>> }>;
  if (rows.length > LIMITS.rows) p.push(`${rows.length} rows > ${LIMITS.rows}`);
  const ids = new Set<string>();
  for (const row of rows) {
    const items = row.components ?? [];
    if (row.type !== 1) p.push('top-level component is not an action row');
    if (items.length < 1 || items.length > LIMITS.buttonsPerRow)
      p.push(`row with ${items.length} components`);
    for (const c of items) {
      const id = c.custom_id;
      const label = c.label;
      if (typeof id !== 'string' || id.length < 1 || id.length > LIMITS.customId)
        p.push(`bad custom_id ${id}`);
      else if (ids.has(id)) p.push(`duplicate custom_id ${id}`);
      else ids.add(id);
      if (typeof label === 'string' && label.length > LIMITS.buttonLabel) p.push(`label too long: ${label}`);
      if (label === undefined && c.emoji === undefined) p.push('button without label or emoji');
    }
  }
  return p;
}
