import { excerptOf, renderBody } from '../content/markdown.ts';
import { DEMO_ARTICLE } from '../demo/demo-content.ts';
import {
  generatedArticleBody,
  generatedCommentBody,
  generatedCredits,
  generatedHeadline,
  generatedLabel,
  generatedLead,
  generatedOutlets,
  generatedReader,
  generatedTerms,
  generatedUserAgent,
  generatedWriters,
  Random,
} from '../demo/generated-news.ts';
import { MAX_THREAD_DEPTH } from '../domain/comments.ts';
import { DomainError } from '../domain/errors.ts';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import type { SafeHtml } from '../domain/safe-html.ts';
import { slugify } from '../domain/slugs.ts';
import {
  countPosts,
  ensureAuthors,
  ensureSources,
  ensureTerms,
  findMaxId,
  insertCommentsBulk,
  insertPostSourcesBulk,
  insertPostsBulk,
  insertPostTermsBulk,
  listPostSlugs,
  type BulkComment,
  type BulkPost,
  type BulkPostSource,
} from '../storage/bulk.ts';
import { changeContent } from '../storage/changes.ts';
import type { Database, Tx } from '../storage/db.ts';
import { findPublishedPostIdBySlug } from '../storage/posts.ts';

/**
 * A large, realistic site for benchmarks: many posts of news-article length with sources,
 * categories, tags and threaded comments, built in batches of multi-row inserts.
 */
export interface BigSiteOptions {
  /** Generated posts, beside the demo content. */
  posts: number;
  /** Approved comments spread over the generated posts, a few with many and most with few or none. */
  comments: number;
  /** Approved comments to give the demo article, on top of `comments`. */
  demoComments: number;
  /** The same seed always gives the same site. */
  seed: number;
}

export interface BigSiteProgress {
  posts: number;
  comments: number;
}

/** Posts (and their comments) written per transaction: a few thousand rows each, so neither database holds a huge transaction open. */
const POSTS_PER_TRANSACTION = 500;
/**
 * Rendering a whole body through markdown-it and the sanitizer costs about 2.5 ms, which would
 * make 100,000 posts take minutes on its own. So bodies come from a pool rendered once (by the
 * real renderer) and reused; each post's opening paragraph, which names its headline and place,
 * is rendered for that post alone, so every post's text, excerpt and word count still differ.
 */
const BODY_POOL_SIZE = 1_000;
/** A site that already has more posts than this is someone's content, not a fresh site to fill. */
const MAX_EXISTING_POSTS = 100;
const STAFF_WRITERS = 40;
/** Generated posts are dated in these years, oldest first, and never after the moment of generation. */
const FIRST_DATE = Date.UTC(2016, 0, 1);
const LAST_DATE = Date.UTC(2025, 11, 1);
/** Share of posts that get no comment at all; news sites have many. */
const SHARE_WITHOUT_COMMENTS = 0.35;
/** The busiest generated thread: as busy as a big story's discussion gets, on a few pages of comments. */
const MAX_GENERATED_COMMENTS_PER_POST = 1_000;
/** Spread of comment counts between posts (sigma of a log-normal): a few stories draw most of the talk. */
const COMMENT_SPREAD = 1.3;
/** Chance that a comment starts a new thread rather than answering an earlier one. */
const TOP_LEVEL_SHARE = 0.45;
/** Mean minutes between one comment on a post and the next. */
const MINUTES_BETWEEN_COMMENTS = 40;

interface RenderedBody {
  markdown: string;
  html: SafeHtml;
  text: string;
  words: number;
}

/**
 * Fills a migrated, seeded site with generated content. The site must not be running (posts and
 * comments are numbered here, after the largest id in the database).
 */
export async function generateBigSite(
  database: Database,
  options: BigSiteOptions,
  now: Date,
  onProgress: (progress: BigSiteProgress) => void = () => {},
): Promise<BigSiteProgress> {
  const { db } = database;
  if (options.posts === 0 && options.comments > 0) throw new DomainError('invalid', 'comments need posts to go on');
  if (options.comments > options.posts * MAX_GENERATED_COMMENTS_PER_POST) {
    throw new DomainError('invalid', `at most ${MAX_GENERATED_COMMENTS_PER_POST} comments per post: ask for more posts or fewer comments`);
  }
  if (options.demoComments > MAX_GENERATED_COMMENTS_PER_POST)
    throw new DomainError('invalid', `the demo article can have at most ${MAX_GENERATED_COMMENTS_PER_POST} generated comments`);
  const existing = await countPosts(db);
  if (existing > MAX_EXISTING_POSTS) {
    throw new DomainError('conflict', `the site already has ${existing} posts; generate into a new database`);
  }
  const demo = options.demoComments > 0 ? await findPublishedPostIdBySlug(db, DEMO_ARTICLE.slug, now) : undefined;
  if (options.demoComments > 0 && !demo) throw new DomainError('not_found', 'the demo article is not on this site');

  const random = new Random(options.seed);
  const outlets = generatedOutlets();
  const terms = generatedTerms();
  const { writerIds, sourceIds, termIds } = await db.transaction().execute(async (tx) => ({
    writerIds: [...(await ensureAuthors(tx, generatedWriters(STAFF_WRITERS, random), now)).values()],
    sourceIds: await ensureSources(tx, outlets, now),
    termIds: await ensureTerms(tx, terms, now),
  }));
  const idOf = (map: Map<string, number>, key: string): number => {
    const id = map.get(key);
    if (id === undefined) throw new Error(`generated ${key} was not stored`);
    return id;
  };
  const sourceIdList = outlets.map((o) => idOf(sourceIds, o.slug));
  const categories = terms.filter((t) => t.kind === 'category').map((t) => idOf(termIds, `category:${t.slug}`));
  const topics = terms.filter((t) => t.kind === 'tag').map((t) => idOf(termIds, `tag:${t.slug}`));
  const worldCategory = idOf(termIds, 'category:world');

  const bodies: RenderedBody[] = [];
  for (let i = 0; i < Math.min(BODY_POOL_SIZE, options.posts); i++) {
    const markdown = generatedArticleBody(random);
    const rendered = renderBody(markdown);
    bodies.push({ markdown, html: rendered.bodyHtml, text: rendered.bodyText, words: rendered.wordCount });
  }

  const commentCounts = allocateComments(random, options.posts, options.comments);
  const readers = Math.max(100, Math.round(options.comments / 15));
  const taken = new Set(await listPostSlugs(db, MAX_EXISTING_POSTS + 1));
  const lastDate = Math.min(LAST_DATE, now.getTime());
  const step = (lastDate - FIRST_DATE) / Math.max(1, options.posts);
  let nextPostId = (await findMaxId(db, 'posts')) + 1;
  let nextCommentId = (await findMaxId(db, 'comments')) + 1;
  const done: BigSiteProgress = { posts: 0, comments: 0 };

  const newComments = (postId: number, count: number, postedAt: Date): BulkComment[] => {
    const thread = generatedThread(random, { postId, count, firstId: nextCommentId, postedAt, now, readers });
    nextCommentId += thread.length;
    return thread;
  };

  for (let start = 0; start < options.posts; start += POSTS_PER_TRANSACTION) {
    const posts: BulkPost[] = [];
    const credits: BulkPostSource[] = [];
    const postTerms: Array<{ postId: number; termId: number; position: number }> = [];
    const comments: BulkComment[] = [];
    for (let i = start; i < Math.min(options.posts, start + POSTS_PER_TRANSACTION); i++) {
      const id = nextPostId++;
      const publishedAt = new Date(Math.floor(FIRST_DATE + (i + random.next()) * step));
      const headline = generatedHeadline(random);
      let slug = slugify(headline.title);
      for (let n = 2; taken.has(slug); n++) slug = `${slugify(headline.title)}-${n}`;
      taken.add(slug);
      const lead = generatedLead(random, headline, publishedAt);
      const leadRendered = renderBody(lead);
      const body = bodies[i % bodies.length]!;
      const bodyText = `${leadRendered.bodyText} ${body.text}`;
      posts.push({
        id,
        slug,
        title: headline.title,
        excerpt: excerptOf(bodyText),
        bodyMarkdown: `${lead}\n\n${body.markdown}`,
        // Two sanitized fragments of whole block elements: joined, they are still sanitized HTML.
        bodyHtml: `${leadRendered.bodyHtml}${body.html}` as SafeHtml,
        bodyText,
        wordCount: leadRendered.wordCount + body.words,
        label: generatedLabel(random),
        authorId: random.pick(writerIds),
        publishedAt,
      });
      generatedCredits(random, sourceIdList.length).forEach((credit, position) => {
        credits.push({ postId: id, sourceId: sourceIdList[credit.outlet]!, role: credit.role, language: credit.language, position });
      });
      const chosen = new Set<number>([random.chance(0.15) ? worldCategory : random.pick(categories)]);
      if (random.chance(0.3)) chosen.add(random.pick(categories));
      chosen.add(idOf(termIds, `tag:${slugify(headline.country)}`));
      for (let t = random.int(1, 3); t > 0; t--) chosen.add(random.pick(topics));
      for (const [position, termId] of [...chosen].entries()) postTerms.push({ postId: id, termId, position });
      comments.push(...newComments(id, commentCounts[i]!, publishedAt));
    }
    await db.transaction().execute(async (tx) => {
      await insertPostsBulk(tx, posts);
      await insertPostSourcesBulk(tx, credits);
      await insertPostTermsBulk(tx, postTerms);
      await insertCommentsBulk(tx, comments);
    });
    done.posts += posts.length;
    done.comments += comments.length;
    onProgress({ ...done });
  }

  await changeContent(db, now, async (tx, pagesChanged) => {
    if (demo) {
      const thread = newComments(demo.id, options.demoComments, demo.publishedAt);
      await insertCommentsBulk(tx, thread);
      done.comments += thread.length;
    }
    await resetIdentities(database, tx);
    // Running sites (and this one at its next start) drop every cached page.
    pagesChanged([EVERY_PAGE]);
  });
  await database.refreshStatistics();
  return done;
}

async function resetIdentities(database: Database, tx: Tx): Promise<void> {
  await database.resetIdentity(tx, 'posts', 'id');
  await database.resetIdentity(tx, 'comments', 'id');
}

/**
 * How many comments each post gets, adding up to `total` exactly: a log-normal share for most
 * posts, none for some, and never more than an article page shows.
 */
function allocateComments(random: Random, posts: number, total: number): Int32Array {
  const counts = new Int32Array(posts);
  if (posts === 0 || total === 0) return counts;
  const weights = Float64Array.from({ length: posts }, () => (random.chance(SHARE_WITHOUT_COMMENTS) ? 0 : Math.exp(COMMENT_SPREAD * random.normal())));
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  let given = 0;
  for (let i = 0; i < posts; i++) {
    counts[i] = Math.min(MAX_GENERATED_COMMENTS_PER_POST, Math.floor((total * weights[i]!) / sum));
    given += counts[i]!;
  }
  // The rounding remainder (and anything a cap cut off) goes to posts picked at random.
  while (given < total) {
    const i = random.int(0, posts - 1);
    if (counts[i]! < MAX_GENERATED_COMMENTS_PER_POST) {
      counts[i]! += 1;
      given += 1;
    }
  }
  return counts;
}

interface ThreadSpec {
  postId: number;
  count: number;
  firstId: number;
  postedAt: Date;
  now: Date;
  /** Readers to draw authors from; a few of them comment far more than the rest. */
  readers: number;
}

/**
 * Approved comments on one post, oldest first, numbered from `firstId`: some start threads,
 * the rest answer a recent comment, never deeper than the site's thread limit.
 */
function generatedThread(random: Random, spec: ThreadSpec): BulkComment[] {
  const thread: BulkComment[] = [];
  let at = spec.postedAt.getTime();
  for (let j = 0; j < spec.count; j++) {
    at = Math.min(spec.now.getTime(), at + Math.round(-Math.log(1 - random.next()) * MINUTES_BETWEEN_COMMENTS * 60_000));
    let parent: BulkComment | undefined;
    if (j > 0 && !random.chance(TOP_LEVEL_SHARE)) {
      // Replies mostly answer what was said last.
      parent = thread[j - 1 - Math.floor(random.next() ** 3 * j)];
      if (parent && parent.depth >= MAX_THREAD_DEPTH) parent = undefined;
    }
    const reader = generatedReader(Math.floor(random.next() ** 2 * spec.readers));
    thread.push({
      id: spec.firstId + j,
      postId: spec.postId,
      parentId: parent?.id ?? null,
      depth: parent ? parent.depth + 1 : 1,
      authorName: reader.name,
      authorEmail: reader.email,
      authorIp: `198.51.100.${random.int(1, 254)}`,
      userAgent: generatedUserAgent(random),
      body: generatedCommentBody(random),
      status: 'approved',
      createdAt: new Date(at),
    });
  }
  return thread;
}
