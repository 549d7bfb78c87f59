import type { RestPost } from '../../services/rest.ts';
import { listAuthorsForRest, listCommentsForRest, listTermsForRest } from '../../services/rest.ts';
import type { Db } from '../../storage/db.ts';
import { presentAuthor, presentComment, presentTerm } from './present-reading.ts';

/** Replies embedded per post: WordPress embeds the first page of `comments?post=`, 10 by default. */
const REPLIES_PER_POST = 10;
/** Replies read for a whole page of posts in one query; a page of 100 busy posts may get fewer than 10 each. */
const MAX_EMBEDDED_REPLIES = 1_000;

export interface EmbedWanted {
  author: boolean;
  terms: boolean;
  replies: boolean;
}

/** Which links `_embed` asks for: all with no value (or 1, true), else the named ones (`author`, `wp:term`, `replies`). */
export function embedWanted(param: readonly string[] | undefined): EmbedWanted | undefined {
  if (param === undefined) return undefined;
  const all = param.length === 0 || param.some((p) => p === '1' || p === 'true');
  const has = (name: string) => all || param.includes(name);
  return { author: has('author'), terms: has('wp:term'), replies: has('replies') };
}

/**
 * `_embedded` for each post of a page, as WordPress builds it from the links marked embeddable:
 * the author, the categories and tags (`wp:term`, one list per taxonomy) and the replies. One
 * query per kind of link for the whole page, never one per post.
 */
export async function embedPosts(
  db: Db,
  origin: string,
  posts: readonly RestPost[],
  wanted: EmbedWanted,
  now: Date,
  timeZone: string,
): Promise<Map<number, Record<string, unknown>>> {
  const out = new Map<number, Record<string, unknown>>(posts.map((p) => [p.id, {}]));
  if (posts.length === 0) return out;
  if (wanted.author) {
    const ids = [...new Set(posts.map((p) => p.author.id))];
    const { authors } = await listAuthorsForRest(db, { now, limit: ids.length, offset: 0, include: ids, orderBy: 'id', order: 'asc' });
    const byId = new Map(authors.map((a) => [a.id, presentAuthor(origin, a)]));
    for (const post of posts) {
      const author = byId.get(post.author.id);
      if (author) out.get(post.id)!.author = [author];
    }
  }
  if (wanted.terms) {
    const presented = new Map<number, ReturnType<typeof presentTerm>>();
    for (const kind of ['category', 'tag'] as const) {
      const ids = [...new Set(posts.flatMap((p) => p.terms.filter((t) => t.kind === kind).map((t) => t.id)))];
      if (ids.length === 0) continue;
      const { terms } = await listTermsForRest(db, { kind, now, limit: ids.length, offset: 0, include: ids, hideEmpty: false, orderBy: 'id', order: 'asc' });
      for (const term of terms) presented.set(term.id, presentTerm(origin, term));
    }
    for (const post of posts) {
      const of = (kind: 'category' | 'tag') => post.terms.filter((t) => t.kind === kind).flatMap((t) => presented.get(t.id) ?? []);
      out.get(post.id)!['wp:term'] = [of('category'), of('tag')];
    }
  }
  if (wanted.replies) {
    const { comments } = await listCommentsForRest(db, {
      now,
      limit: MAX_EMBEDDED_REPLIES,
      offset: 0,
      posts: posts.map((p) => p.id),
      orderBy: 'date',
      order: 'desc',
    });
    const byPost = new Map<number, ReturnType<typeof presentComment>[]>();
    for (const comment of comments) {
      const list = byPost.get(comment.postId) ?? [];
      if (list.length < REPLIES_PER_POST) list.push(presentComment(origin, comment, timeZone));
      byPost.set(comment.postId, list);
    }
    for (const [postId, list] of byPost) out.get(postId)!.replies = [list];
  }
  return out;
}
