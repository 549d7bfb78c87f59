import type { Author } from '../domain/posts.ts';
import type { User } from '../domain/users.ts';
import { findAuthorById } from '../storage/authors.ts';
import type { Db } from '../storage/db.ts';
import { loadSiteSettings } from './settings.ts';
import { listRestAuthors, type RestAuthor, type RestAuthorsQuery } from '../storage/rest-authors.ts';
import { listRestComments, type RestComment, type RestCommentsQuery } from '../storage/rest-comments.ts';
import { listRestSources, type RestSource, type RestSourcesQuery } from '../storage/rest-sources.ts';
import { listRestPosts, type RestPost, type RestPostsQuery } from '../storage/rest-posts.ts';
import { listRestTerms, type RestTerm, type RestTermsQuery } from '../storage/rest-terms.ts';

export type { RestAuthor } from '../storage/rest-authors.ts';
export type { RestComment } from '../storage/rest-comments.ts';
export type { RestPost, RestPostsQuery } from '../storage/rest-posts.ts';
export type { RestSource } from '../storage/rest-sources.ts';
export type { RestTerm } from '../storage/rest-terms.ts';

/** One page of the published posts a REST client asked for, with how many match in all. */
export function listPostsForRest(db: Db, query: RestPostsQuery): Promise<{ posts: RestPost[]; total: number }> {
  return listRestPosts(db, query);
}

/** A published post by its id; undefined for a draft, a post not yet live, or no post. */
export async function findPostForRest(db: Db, id: number, now: Date): Promise<RestPost | undefined> {
  const { posts } = await listRestPosts(db, { now, limit: 1, offset: 0, include: [id], orderBy: 'id', order: 'desc' });
  return posts[0];
}

/** One page of categories or tags, each with its count of live posts. */
export function listTermsForRest(db: Db, query: RestTermsQuery): Promise<{ terms: RestTerm[]; total: number }> {
  return listRestTerms(db, query);
}

/** One page of the authors of live posts: the REST API's public users. */
export function listAuthorsForRest(db: Db, query: RestAuthorsQuery): Promise<{ authors: RestAuthor[]; total: number }> {
  return listRestAuthors(db, query);
}

/** One page of approved comments on live posts. */
export function listCommentsForRest(db: Db, query: RestCommentsQuery): Promise<{ comments: RestComment[]; total: number }> {
  return listRestComments(db, query);
}

/** One page of the outlets live posts draw on. */
export function listSourcesForRest(db: Db, query: RestSourcesQuery): Promise<{ sources: RestSource[]; total: number }> {
  return listRestSources(db, query);
}

/** What the API says of the site: its name and tagline, and the time zone its dates are written in. */
export async function getSiteForRest(db: Db): Promise<{ title: string; tagline: string; timezone: string }> {
  const settings = await loadSiteSettings(db);
  return { title: settings.title, tagline: settings.tagline, timezone: settings.timezone };
}

/** The signed-in client's own account for /users/me: its byline (the id posts name as their author) and the site's language. */
export async function loadRestMe(db: Db, user: User): Promise<{ author: Author; siteLanguage: string }> {
  const author = (await findAuthorById(db, user.authorId)) ?? { id: user.authorId, slug: '', displayName: user.displayName };
  return { author, siteLanguage: (await loadSiteSettings(db)).language };
}
