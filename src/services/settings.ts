import { z } from 'zod';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from '../domain/settings.ts';
import type { Executor } from '../storage/db.ts';
import { listSettings } from '../storage/settings.ts';

/** Stored settings are read back through the same schema they are written with; a bad value falls back to its default. */
const STORED = {
  title: z.string().min(1).max(200),
  tagline: z.string().max(300),
  posts_per_page: z.number().int().min(1).max(100),
  comment_manual_approval: z.boolean(),
  comment_require_previously_approved: z.boolean(),
  comment_max_links: z.number().int().min(0).max(100),
};

function read<T>(stored: Map<string, unknown>, key: keyof typeof STORED, fallback: T): T {
  const parsed = STORED[key].safeParse(stored.get(key));
  return parsed.success ? (parsed.data as T) : fallback;
}

export async function loadSiteSettings(db: Executor): Promise<SiteSettings> {
  const stored = await listSettings(db);
  const d = DEFAULT_SITE_SETTINGS;
  return {
    title: read(stored, 'title', d.title),
    tagline: read(stored, 'tagline', d.tagline),
    postsPerPage: read(stored, 'posts_per_page', d.postsPerPage),
    discussion: {
      manualApproval: read(stored, 'comment_manual_approval', d.discussion.manualApproval),
      requirePreviouslyApproved: read(stored, 'comment_require_previously_approved', d.discussion.requirePreviouslyApproved),
      maxLinks: read(stored, 'comment_max_links', d.discussion.maxLinks),
    },
  };
}
