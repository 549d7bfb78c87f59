import { DEFAULT_DISCUSSION_RULES, type DiscussionRules } from './comments.ts';

export interface SiteSettings {
  title: string;
  tagline: string;
  postsPerPage: number;
  discussion: DiscussionRules;
}

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  title: 'Wirepress',
  tagline: 'News with its sources',
  /** WordPress's default "Blog pages show at most". */
  postsPerPage: 10,
  discussion: DEFAULT_DISCUSSION_RULES,
};

/** How many other posts the "Latest Posts" list beside an article shows. */
export const LATEST_POSTS_COUNT = 5;

/** Stories listed under an article as related: those sharing the most categories, tags and sources. */
export const RELATED_POSTS_COUNT = 3;
