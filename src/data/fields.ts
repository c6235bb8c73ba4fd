/** Cell parsers that report problems as strings, so a row is skipped with a reason instead of corrupting data. */

export class FieldError extends Error {}

/** Plain decimal notation, as CSV exports write numbers (`Number()` alone also takes 0x32, 0b1, Infinity). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function num(cell: string | undefined, column: string, min: number, max: number): number {
  if (cell === undefined || cell.trim() === '') throw new FieldError(`missing ${column}`);
  const v = DECIMAL.test(cell.trim()) ? Number(cell) : Number.NaN;
  if (!Number.isFinite(v)) throw new FieldError(`unparsable number in ${column}: ${clip(cell)}`);
  if (v < min || v > max) throw new FieldError(`${column} out of range [${min}, ${max}]: ${clip(cell)}`);
  return v;
}

export function int(cell: string | undefined, column: string, min: number, max: number): number {
  const v = num(cell, column, min, max);
  if (!Number.isInteger(v)) throw new FieldError(`${column} is not a whole number: ${clip(cell ?? '')}`);
  return v;
}

/** Empty → null; otherwise must parse and lie in range. */
export function optionalNum(
  cell: string | undefined,
  column: string,
  min: number,
  max: number,
): number | null {
  if (cell === undefined || cell.trim() === '') return null;
  return num(cell, column, min, max);
}

export function bool(cell: string | undefined, column: string): boolean {
  switch (cell?.trim().toLowerCase()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      throw new FieldError(`${column} is not True/False: ${clip(cell ?? '')}`);
  }
}

/** Splits a list cell ("Action, Drama") into trimmed, non-empty items. */
/*
 * Control characters and explicit direction controls in catalogue text. Shown in chat, an unmatched
 * U+202E reverses the text after a title, and a bell or escape does worse. Controls become a space;
 * direction controls (embeddings, overrides, isolates) are dropped, as the text reads the same
 * without them under the default bidi rules; newlines stay where text may span lines (overviews).
 * LRM/RLM marks are harmless and kept.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROLS_LINE = /[\u0000-\u001f\u007f-\u009f]+/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above, with newline and tab allowed.
const CONTROLS_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]+/g;
const DIRECTION = /[\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a quick test for any of the above.
const ANY_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A text cell, trimmed, with control characters turned into spaces and direction controls dropped. */
export function text(cell: string | undefined, multiline = false): string {
  const s = (cell ?? '').trim();
  // Most cells are clean: test first, so the common case allocates nothing more.
  if (!ANY_UNSAFE.test(s)) return s;
  const undirected = s.replace(DIRECTION, '');
  if (multiline) return undirected.replace(/\r\n?/g, '\n').replace(CONTROLS_MULTILINE, ' ').trim();
  return undirected.replace(CONTROLS_LINE, ' ').trim();
}

export function list(cell: string | undefined, separator: string): string[] {
  const out: string[] = [];
  if (!cell) return out;
  // A plain loop: split/map/filter allocated three arrays per cell, 10% of a TMDb clean.
  let from = 0;
  for (;;) {
    const at = cell.indexOf(separator, from);
    const item = text(at < 0 ? cell.slice(from) : cell.slice(from, at));
    if (item.length > 0) out.push(item);
    if (at < 0) return out;
    from = at + separator.length;
  }
}

function clip(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}
