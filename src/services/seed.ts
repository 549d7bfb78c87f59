import { excerptOf, renderBody } from '../content/markdown.ts';
import { DEMO_ARTICLE, DEMO_AUTHOR, DEMO_HEADER_CATEGORIES, DEMO_PAGES, WELCOME_POST, type DemoPost } from '../demo/demo-content.ts';
import type { Author } from '../domain/posts.ts';
import { insertAuthor } from '../storage/authors.ts';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import { changeContent } from '../storage/changes.ts';
import type { Db, Tx } from '../storage/db.ts';
import { insertPost } from '../storage/post-editor.ts';
import { insertMenuItem } from '../storage/menus.ts';
import { insertPage } from '../storage/pages.ts';
import { insertSettingIfAbsent } from '../storage/settings.ts';
import { ensureSource, replacePostSources } from '../storage/sources.ts';
import { ensureTerm, findTerm, replacePostTerms } from '../storage/terms.ts';

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

/** The demo's pages, linked from the footer, and its categories in the header. */
async function insertDemoPagesAndMenus(tx: Tx, author: Author, now: Date): Promise<void> {
  for (const page of DEMO_PAGES) {
    const id = await insertPage(
      tx,
      {
        parentId: null,
        slug: page.slug,
        path: page.slug,
        title: page.title,
        bodyMarkdown: page.bodyMarkdown,
        bodyHtml: renderBody(page.bodyMarkdown).bodyHtml,
        bodyText: renderBody(page.bodyMarkdown).bodyText,
        status: 'published',
        menuOrder: 0,
        authorId: author.id,
        commentsOpen: false,
        publishedAt: now,
      },
      now,
    );
    await insertMenuItem(tx, { menu: 'footer', label: page.title, kind: 'page', targetId: id, url: null }, now);
  }
  for (const slug of DEMO_HEADER_CATEGORIES) {
    const term = await findTerm(tx, 'category', slug);
    if (term) await insertMenuItem(tx, { menu: 'header', label: term.name, kind: 'category', targetId: term.id, url: null }, now);
  }
}

/**
 * On a site's first start: the demo article, a welcome post, an About and a Corrections policy
 * page, and the menus that lead to them. Returns false when the site
 * was seeded before (its content is the operator's now, even if they deleted the demo posts).
 */
export async function seedDemoContent(db: Db, now: Date): Promise<boolean> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    if (!(await insertSettingIfAbsent(tx, SEEDED_KEY, now.toISOString()))) return false;
    const author = await insertAuthor(tx, DEMO_AUTHOR, now);
    await insertDemoPost(tx, DEMO_ARTICLE, author, now);
    await insertDemoPost(tx, WELCOME_POST, author, now);
    await insertDemoPagesAndMenus(tx, author, now);
    pagesChanged([EVERY_PAGE]);
    return true;
  });
}
