// The subset of negotiator 1.1's API the page cache uses (node_modules/negotiator/README.md):
// the published types predate the `preferred` option, which breaks ties in the server's order.
declare module 'negotiator' {
  class Negotiator {
    constructor(request: { headers: Record<string, string | string[] | undefined> });
    /** Encodings the client accepts (q > 0), best first, as it spelled them. */
    encodings(): string[];
    /** The available encoding the client ranks highest; ties go to the first in `preferred`. */
    encoding(available: readonly string[], options?: { preferred?: readonly string[] }): string | undefined;
  }
  export = Negotiator;
}
