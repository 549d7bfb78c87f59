/** How an article used an outlet: it is republished from it, it quotes it, or it came through it. */
export const SOURCE_ROLES = ['original', 'cited', 'via'] as const;
export type SourceRole = (typeof SOURCE_ROLES)[number];

/** An outlet, shared across posts so that "IZ" is one source with one archive. */
export interface Source {
  id: number;
  slug: string;
  /** The name as credited on the page, e.g. "IZ". */
  name: string;
  /** The outlet's full name when the credited name is an abbreviation, e.g. "Izvestia". */
  fullName: string | null;
  homepageUrl: string | null;
}

/** One outlet as used by one post. */
export interface PostSource {
  source: Source;
  role: SourceRole;
  /** The page the post draws on, when known; otherwise readers get the outlet's homepage. */
  url: string | null;
  /** BCP 47 language tag of the source material, e.g. "ru". */
  language: string | null;
}

/**
 * The sources named in the credit line ("Source: IZ"): the originals, or when a post has none,
 * the outlets it came via. Cited outlets are listed separately, never in the credit line.
 */
export function creditedSources(sources: readonly PostSource[]): PostSource[] {
  const originals = sources.filter((s) => s.role === 'original');
  return originals.length > 0 ? originals : sources.filter((s) => s.role === 'via');
}

export function otherSources(sources: readonly PostSource[]): PostSource[] {
  const credited = new Set(creditedSources(sources));
  return sources.filter((s) => !credited.has(s));
}

export function isSourceRole(value: unknown): value is SourceRole {
  return typeof value === 'string' && (SOURCE_ROLES as readonly string[]).includes(value);
}
