import { renderBody } from '../../src/content/markdown.ts';
import type { CommentStatus } from '../../src/domain/comments.ts';
import { ALL_COMMENTS, commentsOf, EVERY_PAGE, POST_PAGES } from '../../src/domain/page-keys.ts';
import { putSetting } from '../../src/storage/settings.ts';
import { appendChange } from '../../src/storage/changes.ts';
import type { Author } from '../../src/domain/posts.ts';
import { slugify } from '../../src/domain/slugs.ts';
import type { SourceRole } from '../../src/domain/sources.ts';
import { insertAuthor, findAuthorBySlug } from '../../src/storage/authors.ts';
import { insertComment } from '../../src/storage/comments.ts';
import type { Db } from '../../src/storage/db.ts';
import { insertPost } from '../../src/storage/post-editor.ts';
import { ensureSource, replacePostSources } from '../../src/storage/sources.ts';
import { insertCorrection } from '../../src/storage/corrections.ts';
import { ensureTerm, replacePostTerms } from '../../src/storage/terms.ts';
import type { PostLabel, TermKind } from '../../src/domain/terms.ts';

let counter = 0;

export async function anAuthor(db: Db, displayName = 'Test Reporter'): Promise<Author> {
  const slug = slugify(displayName);
  return (await findAuthorBySlug(db, slug)) ?? insertAuthor(db, { slug, displayName }, new Date());
}

export interface PostFactoryInput {
  title?: string;
  body?: string;
  publishedAt?: Date;
  status?: 'draft' | 'published';
  commentsOpen?: boolean;
  sources?: Array<{ slug: string; name: string; role: SourceRole }>;
  terms?: Array<{ kind: TermKind; slug: string; name: string }>;
  label?: PostLabel | null;
  author?: string;
  excerpt?: string;
  image?: { url: string; alt: string };
  corrections?: Array<{ body: string; at: Date }>;
}

export async function aPost(db: Db, input: PostFactoryInput = {}): Promise<{ id: number; slug: string; publishedAt: Date }> {
  counter += 1;
  const title = input.title ?? `Test story ${counter}`;
  const slug = `${slugify(title)}-${counter}`;
  const body = input.body ?? `Body of ${title}.`;
  const publishedAt = input.publishedAt ?? new Date(Date.UTC(2024, 0, 1, 12, counter % 60));
  const author = await anAuthor(db, input.author);
  const id = await insertPost(
    db,
    {
      slug,
      title,
      excerpt: input.excerpt ?? body.slice(0, 100),
      bodyMarkdown: body,
      ...renderBody(body),
      label: input.label ?? null,
      image: input.image ?? null,
      status: input.status ?? 'published',
      authorId: author.id,
      publishedAt,
      commentsOpen: input.commentsOpen ?? true,
    },
    new Date(),
  );
  const sources = [];
  for (const s of input.sources ?? []) {
    const source = await ensureSource(db, { slug: s.slug, name: s.name, fullName: null, homepageUrl: null }, new Date());
    sources.push({ sourceId: source.id, role: s.role, url: null, language: null });
  }
  await replacePostSources(db, id, sources);
  const terms = [];
  for (const t of input.terms ?? []) terms.push((await ensureTerm(db, t, new Date())).id);
  await replacePostTerms(db, id, terms);
  for (const c of input.corrections ?? []) await insertCorrection(db, id, c.body, c.at);
  // What a publishing service does, so cached pages that list posts are dropped.
  await appendChange(db, [POST_PAGES], new Date());
  db.noteCommittedChange();
  return { id, slug, publishedAt };
}

export async function aComment(
  db: Db,
  postId: number,
  input: { status?: CommentStatus; body?: string; email?: string; name?: string; parentId?: number | null; depth?: number } = {},
): Promise<number> {
  counter += 1;
  const status = input.status ?? 'approved';
  const id = await insertComment(
    db,
    {
      postId,
      parentId: input.parentId ?? null,
      depth: input.depth ?? 1,
      authorName: input.name ?? `Reader ${counter}`,
      authorEmail: input.email ?? `reader${counter}@example.org`,
      authorUrl: null,
      body: input.body ?? `Comment ${counter}`,
      authorIp: '127.0.0.1',
      userAgent: 'test',
      status,
    },
    new Date(Date.UTC(2024, 1, 1, 0, 0, counter)),
  );
  // What the comment services do when readers can see the change, after the comment is stored.
  if (status === 'approved') {
    await appendChange(db, [commentsOf(postId), ALL_COMMENTS], new Date());
    db.noteCommittedChange();
  }
  return id;
}

/** Stores a site setting the way a settings service would, dropping every cached page. */
export async function aSetting(db: Db, key: string, value: unknown): Promise<void> {
  await putSetting(db, key, value);
  await appendChange(db, [EVERY_PAGE], new Date());
  db.noteCommittedChange();
}
