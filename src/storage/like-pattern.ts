/**
 * A LIKE pattern finding these words anywhere, compared in lower case. LIKE's wildcards and
 * PostgreSQL's default escape character in a reader's words stand for any one character instead:
 * a search for "50%" then also finds "50x", never everything.
 */
export function likePattern(words: string): string {
  return `%${words.toLowerCase().replace(/[%_\\]/g, '_')}%`;
}
