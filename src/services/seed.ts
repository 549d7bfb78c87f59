import { excerptOf, renderBody } from '../content/markdown.ts';
import { DEMO_ARTICLE, DEMO_AUTHOR, WELCOME_POST, type DemoPost } from '../demo/demo-content.ts';
import type { Author } from '../domain/posts.ts';
import { insertAuthor } from '../storage/authors.ts';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import { changeContent } from '../storage/changes.ts';
import type { Db, Tx } from '../storage/db.ts';
import { insertPost } from '../storage/post-editor.ts';
import { insertSettingIfAbsent } from '../storage/settings.ts';
import { ensureSource, replacePostSources } from '../storage/sources.ts';
import { ensureTerm, replacePostTerms } from '../storage/terms.ts';

/** Set once, in the same transaction as the demo content, so a site is seeded exactly once. */
const SEEDED_KEY = 'demo_content_seeded_at';

async function insertDemoPost(tx: Tx, post: DemoPost, author: Author, now: Date): Promise<void> {
  const body = renderBody(post.bodyMarkdown);
  const postId = await insertPost(
    tx,
    {
      slug: post.slug,
      title: post.title,
      excerpt: excerptOf(body.bodyText),
      bodyMarkdown: post.bodyMarkdown,
      ...body,
      label: post.label,
      status: 'published',
      authorId: author.id,
      publishedAt: post.publishedAt ?? now,
      commentsOpen: true,
    },
    now,
  );
  const sources = [];
  for (const s of post.sources) {
    const source = await ensureSource(tx, { slug: s.slug, name: s.name, fullName: s.fullName, homepageUrl: s.homepageUrl }, now);
    sources.push({ sourceId: source.id, role: s.role, url: null, language: s.language });
  }
  await replacePostSources(tx, postId, sources);
  const terms = [];
  for (const t of post.terms) terms.push((await ensureTerm(tx, t, now)).id);
  await replacePostTerms(tx, postId, terms);
}

/**
 * On a site's first start: the demo article and a welcome post. Returns false when the site
 * was seeded before (its content is the operator's now, even if they deleted the demo posts).
 */
export async function seedDemoContent(db: Db, now: Date): Promise<boolean> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    if (!(await insertSettingIfAbsent(tx, SEEDED_KEY, now.toISOString()))) return false;
    const author = await insertAuthor(tx, DEMO_AUTHOR, now);
    await insertDemoPost(tx, DEMO_ARTICLE, author, now);
    await insertDemoPost(tx, WELCOME_POST, author, now);
    pagesChanged([EVERY_PAGE]);
    return true;
  });
}
