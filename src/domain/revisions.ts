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
  /**
   * The featured image at this save: null for none (or a photo deleted since), undefined for a
   * save from before featured images were recorded, whose restore leaves the post's as it is.
   */
  featuredImage?: RevisionImage | null | undefined;
}

/** A revision's featured image, as the comparison names it. */
export interface RevisionImage {
  id: number;
  fileName: string;
  alt: string;
}

function imageText(image: RevisionImage | null): string {
  return image ? [image.fileName, image.alt].filter((p) => p !== '').join(' — ') : '';
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

function sourceText(s: SourceLine): string {
  return [s.name, s.role, s.url ?? '', s.language ?? ''].filter((p) => p !== '').join(' · ');
}

/** Every field but the body, as text a reader compares (dates in the site's time zone, named); the body gets a line diff of its own. */
export function revisionFields(r: RevisionContent, timeZone = 'UTC'): Array<{ field: string; label: string; text: string }> {
  const d = r.draft;
  const featured = r.featuredImage === undefined ? [] : [{ field: 'featured_image', label: 'Featured image', text: imageText(r.featuredImage) }];
  return [
    { field: 'title', label: 'Title', text: d.title },
    { field: 'slug', label: 'Slug', text: d.slug },
    { field: 'excerpt', label: 'Excerpt', text: d.excerpt },
    { field: 'label', label: 'Label', text: d.label ? labelName(d.label) : 'None' },
    { field: 'categories', label: 'Categories', text: d.categories.join(', ') },
    { field: 'tags', label: 'Tags', text: d.tags.join(', ') },
    { field: 'sources', label: 'Sources', text: d.sources.map(sourceText).join('\n') },
    { field: 'comments', label: 'Comments', text: d.commentsOpen ? 'Open' : 'Closed' },
    { field: 'status', label: 'Status', text: r.status === 'published' ? 'Published' : 'Draft' },
    {
      field: 'published_at',
      label: 'Publication date',
      text: r.publishedAt ? `${describeLocalDateTime(localDateTimeOf(r.publishedAt, timeZone))} ${timeZone}` : '',
    },
    ...featured,
  ];
}

/** The fields (other than the body) that differ between two revisions. */
export function changedFields(older: RevisionContent, newer: RevisionContent, timeZone = 'UTC'): FieldChange[] {
  const after = new Map(revisionFields(newer, timeZone).map((f) => [f.field, f]));
  // By field: a revision from before featured images were recorded has no such field to compare.
  return revisionFields(older, timeZone).flatMap((f) => {
    const a = after.get(f.field);
    return !a || f.text === a.text ? [] : [{ field: f.field, label: f.label, before: f.text, after: a.text }];
  });
}
