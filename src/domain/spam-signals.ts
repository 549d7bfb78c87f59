/**
 * A local spam score from signals a moderator can read: each signal that fires adds its weight
 * and its reason. No outside service is asked. At HOLD_SCORE a comment waits for a moderator; at
 * SPAM_SCORE it goes to spam. Either way it is stored with its reasons, never thrown away, so a
 * real reader caught by mistake is one "Not spam" away from the page.
 */

export const HOLD_SCORE = 1;
export const SPAM_SCORE = 3;

/** Less time than a person needs to read a form and type a reply; bots post at once. */
export const MIN_FORM_SECONDS = 3;

/** Words that in a news site's comments are almost only ever spam (checked as whole words, any case). */
export const SPAM_PHRASES = [
  'viagra',
  'cialis',
  'levitra',
  'tramadol',
  'xanax',
  'online pharmacy',
  'no prescription',
  'payday loan',
  'casino',
  'betting tips',
  'replica watches',
  'seo services',
  'backlinks',
  'buy followers',
  'crypto investment',
  'forex signals',
  'earn money online',
  'work from home',
  'adult dating',
  'weight loss pills',
  'valuable information',
  'thanks for sharing',
] as const;

/** Each phrase as a whole-word pattern, made once. */
const PHRASE_PATTERNS = SPAM_PHRASES.map((p) => [p, new RegExp(`(^|[^\\p{L}])${p}([^\\p{L}]|$)`, 'u')] as const);

export interface SpamInput {
  body: string;
  authorName: string;
  authorUrl: string | null;
  /** What was typed in the field hidden from people (empty from a person). */
  honeypot: string;
  /** Where the form came from: a token this site signed, none, or one that does not check out. */
  formToken: { state: 'valid'; ageMs: number } | { state: 'missing' } | { state: 'forged' };
  /** Other articles that got this very text in the last day. */
  sameTextElsewhere: number;
  /** Web addresses in the text. */
  linkCount: number;
  /** What the filter trained on this site's moderators' decisions says (domain/bayes.ts); null while untrained. */
  filterProbability?: number | null;
}

export interface SpamSignal {
  reason: string;
  weight: number;
}

/** Latin and Cyrillic or Greek letters in one word: look-alike letters that dodge word filters. */
const MIXED_SCRIPT_WORD = /(?=[\p{L}\p{M}]*\p{Script=Latin})(?=[\p{L}\p{M}]*[\p{Script=Cyrillic}\p{Script=Greek}])[\p{L}\p{M}]{2,}/u;
const WEB_ADDRESS_IN_NAME = /https?:|www\.|\.(com|net|org|info|biz|ru|xyz|top|shop)\b/i;

export function spamSignals(input: SpamInput): SpamSignal[] {
  const signals: SpamSignal[] = [];
  if (input.honeypot.trim() !== '') signals.push({ reason: 'filled in the field that is hidden from people', weight: SPAM_SCORE });
  if (input.formToken.state === 'forged') signals.push({ reason: 'the form’s time stamp was not one this site made', weight: 2 });
  if (input.formToken.state === 'valid' && input.formToken.ageMs < MIN_FORM_SECONDS * 1000) {
    signals.push({ reason: `sent ${(input.formToken.ageMs / 1000).toFixed(1)} s after the form was made`, weight: 1 });
  }
  // Hyphens, dots and underscores join words in names and addresses ("best-seo-services.com").
  const text = `${input.body}\n${input.authorName}`.toLowerCase().replace(/[-_.]+/g, ' ');
  const phrases = PHRASE_PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([phrase]) => phrase);
  if (phrases.length > 0) signals.push({ reason: `spam words: ${phrases.join(', ')}`, weight: 2 * Math.min(phrases.length, 2) });
  if (WEB_ADDRESS_IN_NAME.test(input.authorName)) signals.push({ reason: 'the name is a web address', weight: 2 });
  if (MIXED_SCRIPT_WORD.test(input.body) || MIXED_SCRIPT_WORD.test(input.authorName)) signals.push({ reason: 'mixes alphabets within a word', weight: 1 });
  if (input.sameTextElsewhere > 0) {
    signals.push({ reason: `the same text went to ${input.sameTextElsewhere} other article(s) today`, weight: input.sameTextElsewhere >= 2 ? SPAM_SCORE : 2 });
  }
  // Two links already hold a comment (WordPress's rule); five or more is a link farm.
  if (input.linkCount >= 5) signals.push({ reason: `${input.linkCount} links`, weight: SPAM_SCORE });
  const p = input.filterProbability;
  if (p !== undefined && p !== null && p >= 0.9) {
    signals.push({
      reason: `the filter trained on this site’s moderators’ decisions rates it ${Math.round(p * 100)}% spam`,
      weight: p >= 0.99 ? SPAM_SCORE : 2,
    });
  }
  return signals;
}

export function spamVerdict(signals: readonly SpamSignal[]): 'spam' | 'hold' | 'clean' {
  const score = signals.reduce((sum, s) => sum + s.weight, 0);
  return score >= SPAM_SCORE ? 'spam' : score >= HOLD_SCORE ? 'hold' : 'clean';
}
