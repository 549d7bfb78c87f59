import { IntlMessageFormat } from 'intl-messageformat';
import type { Catalogue } from './messages.ts';

/** How a message uses an argument: as a number (a number or a plural: a translation may use either), a date or time, a choice, or as text. */
type ArgumentUse = 'number' | 'date' | 'select' | 'text' | 'tag';

/** The parser's element types (@formatjs/icu-messageformat-parser's TYPE), by number, as its AST carries them. */
const ELEMENT_USE: Record<number, ArgumentUse | undefined> = { 1: 'text', 2: 'number', 3: 'date', 4: 'date', 5: 'select', 6: 'number', 8: 'tag' };

interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
  pluralType?: 'cardinal' | 'ordinal';
}

/** Each argument a message names, with how it uses it, and the plural forms each of its plurals offers. */
function argumentsOf(elements: readonly Element[], found = new Map<string, ArgumentUse>(), plurals: Array<{ name: string; forms: string[] }> = []) {
  for (const e of elements) {
    const use = ELEMENT_USE[e.type];
    if (use && typeof e.value === 'string') {
      // A text argument used as a number elsewhere in the same message is still a number.
      if (!found.has(e.value) || found.get(e.value) === 'text') found.set(e.value, use);
    }
    if (e.type === 6 && e.pluralType !== 'ordinal' && e.options && typeof e.value === 'string') plurals.push({ name: e.value, forms: Object.keys(e.options) });
    for (const option of Object.values(e.options ?? {})) argumentsOf(option.value, found, plurals);
    if (e.children) argumentsOf(e.children, found, plurals);
  }
  return { found, plurals };
}

/**
 * Everything wrong with a catalogue, compared with English: keys missing or unknown, messages that
 * do not parse, arguments English does not give (or that a translation leaves out), and plurals
 * without every form the language's plural rules have (Russian one/few/many/other, Arabic
 * zero/one/two/few/many/other). Empty when the catalogue is whole.
 */
export function catalogueProblems(language: string, catalogue: Catalogue, english: Catalogue): string[] {
  const problems: string[] = [];
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  for (const key of Object.keys(english)) if (!(key in catalogue)) problems.push(`${language}: ${key} is missing`);
  for (const [key, text] of Object.entries(catalogue)) {
    const reference = english[key];
    if (reference === undefined) {
      problems.push(`${language}: ${key} is not an English key`);
      continue;
    }
    if (typeof text !== 'string') {
      problems.push(`${language}: ${key} is not a string`);
      continue;
    }
    let ast: Element[];
    let englishAst: Element[];
    try {
      ast = new IntlMessageFormat(text, language).getAst() as Element[];
      englishAst = new IntlMessageFormat(reference, 'en').getAst() as Element[];
    } catch (error) {
      problems.push(`${language}: ${key} does not parse: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const own = argumentsOf(ast);
    const expected = argumentsOf(englishAst).found;
    for (const [name, use] of own.found) {
      const englishUse = expected.get(name);
      if (englishUse === undefined) problems.push(`${language}: ${key} uses {${name}}, which the English message does not give`);
      else if (englishUse !== use) problems.push(`${language}: ${key} uses {${name}} as ${use}, English as ${englishUse}`);
    }
    for (const name of expected.keys()) if (!own.found.has(name)) problems.push(`${language}: ${key} leaves out {${name}}`);
    for (const plural of own.plurals) {
      for (const form of plural.forms) {
        if (!form.startsWith('=') && !categories.includes(form as Intl.LDMLPluralRule))
          problems.push(`${language}: ${key} has a form "${form}", which ${language} has not`);
      }
      const missing = categories.filter((c) => !plural.forms.includes(c));
      if (missing.length > 0) problems.push(`${language}: ${key} lacks the plural forms ${missing.join(', ')} of {${plural.name}}`);
    }
    if (key === 'language.direction' && text !== 'ltr' && text !== 'rtl') problems.push(`${language}: language.direction must be ltr or rtl`);
  }
  return problems;
}
