/**
 * A small naive Bayes filter, trained by the site's own moderators: every comment they mark as
 * spam teaches it spam words, every one they approve or rescue from spam teaches it ham words.
 * Token probabilities follow Graham's "A Plan for Spam" with Robinson's smoothing toward 0.5 for
 * rare tokens, combined over the most telling tokens with Fisher's method in log space.
 */

/** Words of 3 to 30 letters or digits, lower-cased, each counted once per comment, plus link hosts. */
export function spamTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const host of text.matchAll(/https?:\/\/([^\s/?#:]+)/gi)) tokens.add(`host:${host[1]!.toLowerCase()}`);
  for (const word of text.toLowerCase().matchAll(/[\p{L}\p{N}]{3,30}/gu)) if (!URL_WORDS.has(word[0])) tokens.add(word[0]);
  return [...tokens].slice(0, MAX_TOKENS);
}

/** Pieces of every link, which say nothing (the host says what a link is). */
const URL_WORDS = new Set(['http', 'https', 'www']);

/** Enough tokens for any comment's character; a pasted essay does not need more. */
export const MAX_TOKENS = 300;

/** The filter says nothing until the moderators have marked this many of each. */
export const MIN_TRAINING = 5;

/** How many tokens, the furthest from neutral, decide. */
const INTERESTING = 15;

export interface TokenCounts {
  spam: number;
  ham: number;
}

/** The probability that a comment is spam, or null while the filter is still untrained. */
export function spamProbability(tokens: ReadonlyMap<string, TokenCounts>, totals: TokenCounts): number | null {
  if (totals.spam < MIN_TRAINING || totals.ham < MIN_TRAINING) return null;
  const probabilities: number[] = [];
  for (const counts of tokens.values()) {
    const seen = counts.spam + counts.ham;
    if (seen === 0) continue;
    const spamRate = counts.spam / totals.spam;
    const hamRate = counts.ham / totals.ham;
    const raw = spamRate / (spamRate + hamRate);
    // Robinson: a token seen n times moves from 0.5 toward its raw probability with weight n.
    const p = (0.5 + seen * raw) / (1 + seen);
    probabilities.push(Math.min(0.99, Math.max(0.01, p)));
  }
  if (probabilities.length === 0) return 0.5;
  const telling = probabilities.sort((a, b) => Math.abs(b - 0.5) - Math.abs(a - 0.5)).slice(0, INTERESTING);
  const logSpam = telling.reduce((sum, p) => sum + Math.log(p), 0);
  const logHam = telling.reduce((sum, p) => sum + Math.log(1 - p), 0);
  return 1 / (1 + Math.exp(logHam - logSpam));
}
