import type { PostDraft, SourceLine } from './post-editor.ts';
import type { PostStatus } from './posts.ts';
import { describeLocalDateTime, localDateTimeOf } from './time-zone.ts';
import { labelName } from './terms.ts';

/**
 * A revision is one save of a post: everything the editor controls (the draft) and where the
 * save left it (status and date), who saved it and when. Restoring one brings back its draft
 * only: the post's status and date stay as they are, since a restore must not publish or
 * unpublish anything by the way.
 */
export interface RevisionContent {
  draft: PostDraft;
  status: PostStatus;
  publishedAt: Date | null;
}

export interface Revision extends RevisionContent {
  id: number;
  postId: number;
  /** Who saved it; null when that account is gone. */
  savedBy: string | null;
  createdAt: Date;
}

/** Newest first: the later save, and of two in the same millisecond the one stored last. */
export function newerFirst(a: Pick<Revision, 'id' | 'createdAt'>, b: Pick<Revision, 'id' | 'createdAt'>): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;
}

/** Two revisions as [older, newer], whichever order they were picked in. */
export function olderAndNewer<T extends Pick<Revision, 'id' | 'createdAt'>>(a: T, b: T): [T, T] {
  return newerFirst(a, b) > 0 ? [a, b] : [b, a];
}

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** The words a revision's field values are written with: English unless a page's language is given. */
export interface RevisionWords {
  none: string;
  open: string;
  closed: string;
  published: string;
  draft: string;
  label(label: NonNullable<PostDraft['label']>): string;
  role(role: SourceLine['role']): string;
  /** A publication date, in the site's time zone and with it named. */
  dateTime(date: Date, timeZone: string): string;
}

const ENGLISH_WORDS: RevisionWords = {
  none: 'None',
  open: 'Open',
  closed: 'Closed',
  published: 'Published',
  draft: 'Draft',
  label: labelName,
  role: (role) => role,
  dateTime: (date, timeZone) => `${describeLocalDateTime(localDateTimeOf(date, timeZone))} ${timeZone}`,
};

function sourceText(s: SourceLine, words: RevisionWords): string {
  return [s.name, words.role(s.role), s.url ?? '', s.language ?? ''].filter((p) => p !== '').join(' · ');
}

/** Every field but the body, as text a reader compares (dates in the site's time zone, named); the body gets a line diff of its own. */
export function revisionFields(
  r: RevisionContent,
  timeZone = 'UTC',
  words: RevisionWords = ENGLISH_WORDS,
): Array<{ field: string; label: string; text: string }> {
  const d = r.draft;
  return [
    { field: 'title', label: 'Title', text: d.title },
    { field: 'slug', label: 'Slug', text: d.slug },
    { field: 'excerpt', label: 'Excerpt', text: d.excerpt },
    { field: 'label', label: 'Label', text: d.label ? words.label(d.label) : words.none },
    { field: 'categories', label: 'Categories', text: d.categories.join(', ') },
    { field: 'tags', label: 'Tags', text: d.tags.join(', ') },
    { field: 'sources', label: 'Sources', text: d.sources.map((s) => sourceText(s, words)).join('\n') },
    { field: 'comments', label: 'Comments', text: d.commentsOpen ? words.open : words.closed },
    { field: 'status', label: 'Status', text: r.status === 'published' ? words.published : words.draft },
    {
      field: 'published_at',
      label: 'Publication date',
      text: r.publishedAt ? words.dateTime(r.publishedAt, timeZone) : '',
    },
  ];
}

/** The fields (other than the body) that differ between two revisions. */
export function changedFields(older: RevisionContent, newer: RevisionContent, timeZone = 'UTC', words: RevisionWords = ENGLISH_WORDS): FieldChange[] {
  const after = revisionFields(newer, timeZone, words);
  return revisionFields(older, timeZone, words).flatMap((f, i) => {
    const a = after[i]!;
    return f.text === a.text ? [] : [{ field: f.field, label: f.label, before: f.text, after: a.text }];
  });
}
