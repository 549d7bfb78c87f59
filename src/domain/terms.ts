/** Categories group a site's sections (World, Politics); tags name what a story is about (NATO). */
export const TERM_KINDS = ['category', 'tag'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

export interface Term {
  id: number;
  kind: TermKind;
  slug: string;
  name: string;
}

/** The kind of story, shown on cards and articles so readers can tell reporting from opinion. */
export const POST_LABELS = ['news', 'analysis', 'opinion'] as const;
export type PostLabel = (typeof POST_LABELS)[number];

const LABEL_NAMES: Record<PostLabel, string> = { news: 'News', analysis: 'Analysis', opinion: 'Opinion' };

export function labelName(label: PostLabel): string {
  return LABEL_NAMES[label];
}

export function isPostLabel(value: unknown): value is PostLabel {
  return typeof value === 'string' && (POST_LABELS as readonly string[]).includes(value);
}
