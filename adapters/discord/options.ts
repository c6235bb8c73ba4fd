import type { OptionDefinition } from '../../commands/definition.js';
import type { OptionIn } from './types.js';

export type OptionValues = Record<string, string | number | boolean>;

/**
 * Reads a slash command's options against its neutral definition: names become camelCase
 * (`exclude-genre` → `excludeGenre`), values of the wrong type or outside the range are dropped
 * or reported, so a crafted payload cannot reach the engine with junk.
 */
export function readOptions(
  defs: readonly OptionDefinition[],
  given: readonly OptionIn[] | undefined,
): { ok: true; values: OptionValues } | { ok: false; message: string } {
  const values: OptionValues = {};
  for (const def of defs) {
    const o = given?.find((g) => g.name === def.name);
    const v = o?.value;
    if (v === undefined || v === null) {
      if (def.required) return { ok: false, message: `Give the \`${def.name}\` option.` };
      continue;
    }
    const key = def.name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (def.type === 'string' && typeof v === 'string') {
      if (def.choices && !def.choices.includes(v))
        return { ok: false, message: `\`${def.name}\` must be one of the listed choices.` };
      values[key] = v;
    } else if (def.type === 'integer' && typeof v === 'number' && Number.isInteger(v)) {
      if ((def.min !== undefined && v < def.min) || (def.max !== undefined && v > def.max))
        return { ok: false, message: `\`${def.name}\` must be from ${def.min} to ${def.max}.` };
      values[key] = v;
    } else if (def.type === 'boolean' && typeof v === 'boolean') values[key] = v;
    else return { ok: false, message: `\`${def.name}\` has the wrong type.` };
  }
  return { ok: true, values };
}

export function focusedOption(given: readonly OptionIn[] | undefined): OptionIn | undefined {
  return given?.find((o) => o.focused === true);
}
