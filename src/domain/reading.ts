/** Words an adult reads in a minute of news prose; the usual figure reading-time estimates use. */
export const WORDS_PER_MINUTE = 230;

/** Words in plain text: runs of letters or digits, in any script, joined by apostrophes or hyphens. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** Whole minutes to read, at least one: "4 min read". */
export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}
