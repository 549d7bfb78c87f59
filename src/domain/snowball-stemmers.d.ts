// The part of snowball-stemmers 0.6's API the search uses (node_modules/snowball-stemmers/README.md); it ships no types.
declare module 'snowball-stemmers' {
  interface Stemmer {
    stem(word: string): string;
  }
  const snowball: {
    newStemmer(algorithm: string): Stemmer;
    algorithms(): string[];
  };
  export default snowball;
}
