import { commentPagePath } from '../../domain/comments.ts';
import { permalinkOf, type Post, type PostLink, type PostSummary } from '../../domain/posts.ts';
import { CommentForm, type CommentFormProps } from '../components/comment-form.tsx';
import { CommentList, type CommentPageProps } from '../components/comments.tsx';
import { LatestPosts } from '../components/latest-posts.tsx';
import { Kicker, PostCard, PostMeta } from '../components/post-card.tsx';
import { SafeHtmlBlock } from '../components/safe-html.tsx';
import { OtherSources, SourceCredit } from '../components/source-credit.tsx';
import { formatDate } from '../format.ts';
import { Layout, type SiteChrome } from '../layout.tsx';
import { jsonForScript, newsArticleJsonLd } from '../structured-data.ts';
import type { PageChrome } from './page-props.ts';

export interface PostPageProps extends PageChrome {
  post: Post;
  latest: PostLink[];
  related: PostSummary[];
  comments: CommentPageProps;
  /** Whether the reply form is offered: the post's switch and the site's closing rule. */
  commentsOpen: boolean;
  /** How deep replies may nest, from the site's discussion settings. */
  threadDepth: number;
  form: Omit<CommentFormProps, 'action' | 'permalink' | 'open'>;
  /** The site's public origin, for the absolute links previews and structured data need. */
  origin: string;
}

/** What link previews (OpenGraph, Twitter cards) and search engines (JSON-LD) read of an article. */
function ArticleHead({ post, site, origin }: { post: Post; site: SiteChrome; origin: string }) {
  const siteTitle = site.title;
  const url = new URL(permalinkOf(post), origin).href;
  const image = post.image && new URL(post.image.url, origin).href;
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={siteTitle} />
      <meta property="og:title" content={post.title} />
      <meta property="og:url" content={url} />
      {post.excerpt ? <meta property="og:description" content={post.excerpt} /> : ''}
      {image ? <meta property="og:image" content={image} /> : ''}
      {image && post.image?.alt ? <meta property="og:image:alt" content={post.image.alt} /> : ''}
      <meta property="article:published_time" content={post.publishedAt.toISOString()} />
      <meta property="article:modified_time" content={post.updatedAt.toISOString()} />
      {post.terms.map((t) => (t.kind === 'category' ? <meta property="article:section" content={t.name} /> : <meta property="article:tag" content={t.name} />))}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={post.title} />
      {post.excerpt ? <meta name="twitter:description" content={post.excerpt} /> : ''}
      {image ? <meta name="twitter:image" content={image} /> : ''}
      <script type="application/ld+json">
        {jsonForScript(newsArticleJsonLd(post, { title: siteTitle, logo: site.look?.logo, sameAs: site.look?.socialLinks }, origin))}
      </script>
    </>
  );
}

function Corrections({ post }: { post: Post }) {
  if (post.corrections.length === 0) return null;
  return (
    <section class="corrections" aria-labelledby="corrections-heading">
      <h2 id="corrections-heading">{post.corrections.length === 1 ? 'Correction' : 'Corrections'}</h2>
      <ul>
        {post.corrections.map((c) => (
          <li id={`correction-${c.id}`}>
            <time datetime={c.createdAt.toISOString()}>{formatDate(c.createdAt)}</time>: {c.body}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Topics({ post }: { post: Post }) {
  const tags = post.terms.filter((t) => t.kind === 'tag');
  if (tags.length === 0) return null;
  return (
    <nav class="topics" aria-label="Topics">
      <span class="topics-label">Topics:</span>
      <ul>
        {tags.map((t) => (
          <li>
            <a href={`/tag/${encodeURIComponent(t.slug)}/`} rel="tag">
              {t.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function RelatedPosts({ posts }: { posts: readonly PostSummary[] }) {
  if (posts.length === 0) return null;
  return (
    <section class="related-posts" aria-labelledby="related-heading">
      <h2 id="related-heading">Related posts</h2>
      <div class="related-list">
        {posts.map((p) => (
          <PostCard post={p} headingLevel={3} />
        ))}
      </div>
    </section>
  );
}

export function PostPage(props: PostPageProps) {
  const { post } = props;
  const permalink = permalinkOf(post);
  const isVariant = props.form.replyTo !== null || props.form.notice !== null || Object.keys(props.form.errors).length > 0;
  return (
    <Layout
      {...props}
      title={post.title}
      description={post.excerpt}
      canonicalPath={new URL(permalink, props.origin).href}
      noindex={isVariant}
      alternates={[{ type: 'application/rss+xml', title: `Comments on “${post.title}”`, href: `${permalink}feed/` }]}
      head={<ArticleHead post={post} site={props.site} origin={props.origin} />}
    >
      <div class="article-layout">
        <article class="article">
          <header class="article-header">
            <Kicker post={post} />
            <h1>{post.title}</h1>
            <PostMeta post={post} readingTime />
          </header>
          <SafeHtmlBlock class="article-body" html={post.bodyHtml} />
          <footer class="article-footer">
            <Corrections post={post} />
            <SourceCredit sources={post.sources} />
            <OtherSources sources={post.sources} />
            <Topics post={post} />
          </footer>
        </article>
        <LatestPosts posts={props.latest} />
        <div class="discussion">
          <RelatedPosts posts={props.related} />
          <CommentList comments={props.comments} articlePath={permalink} threadDepth={props.threadDepth} />
          <CommentForm {...props.form} action={`${permalink}comments`} permalink={commentPagePath(permalink, props.comments.page)} open={props.commentsOpen} />
        </div>
      </div>
    </Layout>
  );
}
