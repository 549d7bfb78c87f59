import type { Generated } from 'kysely';

/**
 * Table types. Times are ISO-8601 UTC text ("2022-02-15T09:00:00.000Z") and booleans are 0/1
 * integers on every database: see codecs.ts for why.
 */
export interface SettingsTable {
  key: string;
  /** JSON. */
  value: string;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  display_name: string;
  created_at: string;
}

export interface PostsTable {
  id: Generated<number>;
  slug: string;
  title: string;
  excerpt: string;
  body_markdown: string;
  /** Sanitized when written; pages output it as is. */
  body_html: string;
  status: 'draft' | 'published';
  author_id: number;
  published_at: string | null;
  comments_open: number;
  created_at: string;
  updated_at: string;
  label: 'news' | 'analysis' | 'opinion' | null;
  /** The body as plain text: what search indexes and reading time counts. */
  body_text: Generated<string>;
  word_count: Generated<number>;
  image_url: string | null;
  image_alt: string | null;
  /** When the post's time came and the page caches were told; null while a scheduled post waits. */
  went_live_at: string | null;
  /** The featured image from the library (migration 021). */
  featured_media_id: number | null;
  /** When an editor pinned it to the top of the home page; null when not pinned (migration 033). */
  pinned_at: Generated<string | null>;
}

export interface TermsTable {
  id: Generated<number>;
  kind: 'category' | 'tag';
  slug: string;
  name: string;
  created_at: string;
  /** A category's parent category (migration 020); null for tags and top-level categories. */
  parent_id: number | null;
}

export interface PostTermsTable {
  post_id: number;
  term_id: number;
  position: number;
}

export interface CorrectionsTable {
  id: Generated<number>;
  post_id: number;
  body: string;
  created_at: string;
}

export interface SourcesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  full_name: string | null;
  homepage_url: string | null;
  created_at: string;
}

export interface PostSourcesTable {
  post_id: number;
  source_id: number;
  role: 'original' | 'cited' | 'via';
  url: string | null;
  language: string | null;
  position: number;
}

export interface CommentsTable {
  id: Generated<number>;
  post_id: number;
  parent_id: number | null;
  /** 1 for a top-level comment; kept so the thread depth rule needs no recursive query. */
  depth: number;
  author_name: string;
  author_email: string;
  author_url: string | null;
  author_ip: string | null;
  /** The address's /24 or /48 network, for per-network limits; cleared with the address. */
  author_network: string | null;
  user_agent: string | null;
  body: string;
  status: 'pending' | 'approved' | 'spam' | 'trash';
  created_at: string;
  updated_at: string;
  /** When the commenter's data was erased on request; the comment stays as a deleted comment. */
  erased_at: string | null;
  /** Digest of the reply form submission that made it, so the same submission again stores nothing (migration 014). */
  submission_key: string | null;
}

/** Append-only: every status change of a comment, who made it and why. */
export interface CommentEventsTable {
  id: Generated<number>;
  comment_id: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string | null;
  created_at: string;
}

/** Append-only: which cache keys each content change affects. */
export interface ContentChangesTable {
  id: Generated<number>;
  keys: string;
  created_at: string;
}

/** One row (id 1): how many times the lists of posts have changed (storage/changes.ts). */
export interface PostListsVersionTable {
  id: number;
  version: number;
}

/** An article's related posts as last ranked, valid while the lists stay at lists_version (storage/related-posts.ts). */
export interface RelatedRankingsTable {
  post_id: number;
  lists_version: number;
  ranked_limit: number;
  computed_at: string;
  /** When the next scheduled post goes live, which may change the ranking; null when none waits. */
  valid_until: string | null;
  /** Post ids, best first, comma-separated. */
  related_ids: string;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  role: 'owner' | 'administrator' | 'editor' | 'author' | 'contributor';
  author_id: number;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
  suspended_at: string | null;
  suspended_by: number | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | null;
  /** A catalogue's code; null: the site's language. */
  language: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  user_agent: string | null;
}

export interface SetupTokensTable {
  token_hash: string;
  user_id: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  created_at: string;
}

/** Every save of a post, as the editor saved it. */
export interface PostRevisionsTable {
  id: Generated<number>;
  post_id: number;
  title: string;
  slug: string;
  excerpt: string;
  body_markdown: string;
  label: 'news' | 'analysis' | 'opinion' | null;
  comments_open: number;
  /** JSON. */
  terms: string;
  /** JSON. */
  sources: string;
  status: 'draft' | 'published';
  published_at: string | null;
  user_id: number | null;
  created_at: string;
  /** The featured image at this save (migration 030); null for none, for a photo deleted since, and for saves before it was recorded. */
  featured_media_id: number | null;
  /** 1 when the save recorded its featured image (from migration 030 on), 0 for earlier saves. */
  featured_recorded: Generated<number>;
}

/** Old permalinks of posts whose slug or date changed; they answer 301 to the current one. */
export interface PostRedirectsTable {
  path: string;
  post_id: number;
  created_at: string;
}

export interface Schema {
  settings: SettingsTable;
  authors: AuthorsTable;
  posts: PostsTable;
  sources: SourcesTable;
  post_sources: PostSourcesTable;
  comments: CommentsTable;
  comment_events: CommentEventsTable;
  content_changes: ContentChangesTable;
  terms: TermsTable;
  post_terms: PostTermsTable;
  corrections: CorrectionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  setup_tokens: SetupTokensTable;
  login_failures: LoginFailuresTable;
  post_revisions: PostRevisionsTable;
  post_redirects: PostRedirectsTable;
  spam_tokens: SpamTokensTable;
  post_lists_version: PostListsVersionTable;
  related_rankings: RelatedRankingsTable;
  outbox: OutboxTable;
  password_resets: PasswordResetsTable;
  password_reset_requests: PasswordResetRequestsTable;
  user_removals: UserRemovalsTable;
  recovery_codes: RecoveryCodesTable;
  two_factor_challenges: TwoFactorChallengesTable;
  pages: PagesTable;
  page_redirects: PageRedirectsTable;
  deleted_pages: DeletedPagesTable;
  menu_items: MenuItemsTable;
  wordpress_items: WordpressItemsTable;
  legacy_addresses: LegacyAddressesTable;
  media: MediaTable;
  media_originals: MediaOriginalsTable;
  post_body_media: PostBodyMediaTable;
  page_body_media: PageBodyMediaTable;
  application_passwords: ApplicationPasswordsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  subscriptions: SubscriptionsTable;
  mail_suppressions: MailSuppressionsTable;
  mail_causes: MailCausesTable;
  site_images: SiteImagesTable;
}

/** Where imported rows came from in a WordPress export (migration 020, services/wordpress-import.ts). */
export interface WordpressItemsTable {
  site: string;
  kind: 'author' | 'category' | 'tag' | 'post' | 'comment' | 'attachment' | 'page' | 'menu_item' | 'photo';
  wp_id: string;
  local_id: number;
  digest: string;
  created_at: string;
  updated_at: string;
}

/** Addresses of the old WordPress site that answer 301 to the Wirepress address of what they showed. */
export interface LegacyAddressesTable {
  address: string;
  kind: 'post' | 'category' | 'tag' | 'author' | 'page' | 'media';
  target_id: number;
  created_at: string;
}

/** Addresses told of changes, and each delivery to them (storage/webhooks.ts). */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  events: string;
  secret: string;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: number;
  event: string;
  payload: string;
  status: 'queued' | 'delivered' | 'failed';
  attempts: Generated<number>;
  due_at: string;
  claim_token: string | null;
  /** Until when the sender holding `claim_token` may send it, on the database's clock (migration 029). */
  lease_until: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** Passwords software uses for a user over the REST API (storage/application-passwords.ts). */
export interface ApplicationPasswordsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  secret_hash: string;
  created_at: string;
  last_used_at: string | null;
  last_used_ip: string | null;
}

/** Readers' subscriptions to follow-up comments and new posts, with their consent (storage/subscriptions.ts). */
export interface SubscriptionsTable {
  id: Generated<number>;
  email: string;
  kind: 'comments' | 'posts';
  post_id: number | null;
  comment_id: number | null;
  status: 'requested' | 'confirmed' | 'unsubscribed';
  requested_at: string;
  confirmation_sent_at: string | null;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
}

/** Addresses whose mail was refused for good (5xx); reader mail no longer goes to them. */
export interface MailSuppressionsTable {
  email: string;
  reason: string;
  created_at: string;
}

/** Published comments and posts already mailed about, so none is announced twice. */
export interface MailCausesTable {
  cause: 'comment' | 'post';
  ref_id: number;
  created_at: string;
}

/**
 * The site's logo and the icons made from its icon (storage/site-images.ts), in the database so
 * that every node serves the same ones, and backups and copies carry them.
 */
export interface SiteImagesTable {
  /** "logo", "icon-32", "favicon"… */
  name: string;
  content_type: string;
  data: Buffer;
  /** The first characters of the bytes' SHA-256: part of the address, so browsers may keep the file for good. */
  hash: string;
  width: number;
  height: number;
  updated_at: string;
}

/** Two-factor sign-in (storage/two-factor.ts). */
export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface TwoFactorChallengesTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

/** Who removed which user, and where their posts went (storage/users.ts). */
export interface UserRemovalsTable {
  id: Generated<number>;
  user_id: number;
  email: string;
  display_name: string;
  removed_by_id: number;
  removed_by_name: string;
  posts_to_user_id: number;
  posts_moved: number;
  removed_at: string;
}

/** The spam filter's word counts (storage/spam-filter.ts). */
export interface SpamTokensTable {
  token: string;
  spam: number;
  ham: number;
}

/** Mail waiting to be sent, sent, or given up (storage/outbox.ts). */
export interface OutboxTable {
  id: Generated<number>;
  kind: MailKindColumn;
  recipient: string;
  subject: string;
  body_text: string;
  message_id: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: Generated<number>;
  due_at: string;
  claim_token: string | null;
  /** Until when the sender holding `claim_token` may send it, on the database's clock (migration 029). */
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** RFC 8058 one-click unsubscribe address of reader mail; null for other mail. */
  unsubscribe_url: string | null;
}

type MailKindColumn =
  | 'password_reset'
  | 'invitation'
  | 'subscription_confirmation'
  | 'comment_follow_up'
  | 'new_post'
  | 'new_posts_digest'
  | 'comment_published'
  | 'comments_held';

export interface PasswordResetsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface PasswordResetRequestsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  created_at: string;
}

/** Static pages (migration 018): About, Corrections policy… */
export interface PagesTable {
  id: Generated<number>;
  parent_id: number | null;
  slug: string;
  /** The slugs of the page and its parents joined by "/", without outer slashes. */
  path: string;
  title: string;
  body_markdown: string;
  /** Sanitized when written; pages output it as is. */
  body_html: string;
  /** The body as plain text, for search (migration 034). */
  body_text: string;
  status: 'draft' | 'published';
  menu_order: number;
  author_id: number | null;
  comments_open: number;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MediaTable {
  id: Generated<number>;
  sha256: string;
  mime_type: string;
  width: number;
  height: number;
  byte_size: number;
  file_name: string;
  alt: string;
  caption: string;
  credit_text: string;
  credit_source_id: number | null;
  uploaded_by: number | null;
  created_at: string;
  updated_at: string;
}

/** Paths a page was once at (without outer slashes), each answering with a 301 to where it is now. */
export interface PageRedirectsTable {
  path: string;
  page_id: number;
  created_at: string;
}

/** Paths of deleted pages, which answer 410 Gone (migration 031). */
export interface DeletedPagesTable {
  path: string;
  deleted_at: string;
}

/** The header and footer menus (migration 019). */
export interface MenuItemsTable {
  id: Generated<number>;
  menu: 'header' | 'footer';
  position: number;
  label: string;
  kind: 'page' | 'category' | 'tag' | 'source' | 'url';
  target_id: number | null;
  url: string | null;
  created_at: string;
}

/** A library photo shown in a post's text, recorded at each save (migration 030). */
export interface PostBodyMediaTable {
  post_id: number;
  media_id: number;
}

/** A library photo shown in a page's text, recorded at each save (migration 030). */
export interface PageBodyMediaTable {
  page_id: number;
  media_id: number;
}

export interface MediaOriginalsTable {
  media_id: number;
  bytes: Uint8Array;
}
