import { commentPagePath } from '../../domain/comments.ts';
import { permalinkOf, type Post, type PostLink, type PostSummary } from '../../domain/posts.ts';
import { CommentForm, type CommentFormProps } from '../components/comment-form.tsx';
import { CommentList, type CommentPageProps } from '../components/comments.tsx';
import { LatestPosts } from '../components/latest-posts.tsx';
import { Kicker, PostCard, PostMeta } from '../components/post-card.tsx';
import { FeaturedFigure, shareImageUrl } from '../components/picture.tsx';
import { SafeHtmlBlock } from '../components/safe-html.tsx';
import { OtherSources, SourceCredit } from '../components/source-credit.tsx';
import type { PageLocale } from '../format.ts';
import { Layout } from '../layout.tsx';
import { jsonForScript, newsArticleJsonLd } from '../structured-data.ts';
import { isoInZone } from '../../domain/time-zone.ts';
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
  form: Omit<CommentFormProps, 'action' | 'permalink' | 'open' | 'i18n'>;
  /** The site's public origin, for the absolute links previews and structured data need. */
  origin: string;
}

/** What link previews (OpenGraph, Twitter cards) and search engines (JSON-LD) read of an article. */
function ArticleHead({ post, site, origin }: { post: Post; site: PostPageProps['site']; origin: string }) {
  const url = new URL(permalinkOf(post, site.timezone), origin).href;
  const featured = post.featuredImage;
  const image = featured ? shareImageUrl(featured, origin) : post.image && new URL(post.image.url, origin).href;
  const imageAlt = featured ? featured.alt : post.image?.alt;
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={site.title} />
      <meta property="og:title" content={post.title} />
      <meta property="og:url" content={url} />
      {post.excerpt ? <meta property="og:description" content={post.excerpt} /> : ''}
      {image ? <meta property="og:image" content={image} /> : ''}
      {image && featured ? <meta property="og:image:width" content="1200" /> : ''}
      {image && featured ? <meta property="og:image:height" content="630" /> : ''}
      {image && imageAlt ? <meta property="og:image:alt" content={imageAlt} /> : ''}
      <meta property="article:published_time" content={isoInZone(post.publishedAt, site.timezone)} />
      <meta property="article:modified_time" content={isoInZone(post.updatedAt, site.timezone)} />
      {post.terms.map((t) => (t.kind === 'category' ? <meta property="article:section" content={t.name} /> : <meta property="article:tag" content={t.name} />))}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={post.title} />
      {post.excerpt ? <meta name="twitter:description" content={post.excerpt} /> : ''}
      {image ? <meta name="twitter:image" content={image} /> : ''}
      {image && imageAlt ? <meta name="twitter:image:alt" content={imageAlt} /> : ''}
      <script type="application/ld+json">
        {jsonForScript(newsArticleJsonLd(post, { title: site.title, timezone: site.timezone, logo: site.look?.logo, sameAs: site.look?.socialLinks }, origin))}
      </script>
    </>
  );
}

function Corrections({ post, i18n }: { post: Post; i18n: PageLocale }) {
  if (post.corrections.length === 0) return null;
  return (
    <section class="corrections" aria-labelledby="corrections-heading">
      <h2 id="corrections-heading">{i18n.t('post.corrections', { count: post.corrections.length })}</h2>
      <ul>
        {post.corrections.map((c) => (
          <li id={`correction-${c.id}`}>
            <time datetime={c.createdAt.toISOString()}>{i18n.date(c.createdAt)}</time>: <bdi>{c.body}</bdi>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Topics({ post, i18n }: { post: Post; i18n: PageLocale }) {
  const tags = post.terms.filter((t) => t.kind === 'tag');
  if (tags.length === 0) return null;
  return (
    <nav class="topics" aria-label={i18n.t('post.topics')}>
      <span class="topics-label">{i18n.t('post.topicsLabel')}</span>
      <ul>
        {tags.map((t) => (
          <li>
            <a href={`/tag/${encodeURIComponent(t.slug)}/`} rel="tag" dir="auto">
              {t.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function RelatedPosts({ posts, i18n }: { posts: readonly PostSummary[]; i18n: PageLocale }) {
  if (posts.length === 0) return null;
  return (
    <section class="related-posts" aria-labelledby="related-heading">
      <h2 id="related-heading">{i18n.t('post.related')}</h2>
      <div class="related-list">
        {posts.map((p) => (
          <PostCard post={p} headingLevel={3} i18n={i18n} />
        ))}
      </div>
    </section>
  );
}

export function PostPage(props: PostPageProps) {
  const { post, i18n } = props;
  const permalink = permalinkOf(post, props.site.timezone);
  const isVariant = props.form.replyTo !== null || props.form.notice !== null || Object.keys(props.form.errors).length > 0;
  return (
    <Layout
      {...props}
      title={post.title}
      description={post.excerpt}
      canonicalPath={new URL(permalink, props.origin).href}
      noindex={isVariant}
      alternates={[{ type: 'application/rss+xml', title: i18n.t('post.commentsFeed', { title: post.title }), href: `${permalink}feed/` }]}
      head={<ArticleHead post={post} site={props.site} origin={props.origin} />}
    >
      <div class="article-layout">
        <article class="article">
          <header class="article-header">
            <Kicker post={post} i18n={i18n} />
            <h1 dir="auto">{post.title}</h1>
            <PostMeta post={post} readingTime i18n={i18n} />
          </header>
          {post.featuredImage ? <FeaturedFigure image={post.featuredImage} /> : ''}
          {/* A post may be written in another language, and another direction, than the site. */}
          <SafeHtmlBlock class="article-body" html={post.bodyHtml} dir="auto" />
          <footer class="article-footer">
            <Corrections post={post} i18n={i18n} />
            <SourceCredit sources={post.sources} i18n={i18n} />
            <OtherSources sources={post.sources} i18n={i18n} />
            <Topics post={post} i18n={i18n} />
          </footer>
        </article>
        <LatestPosts posts={props.latest} i18n={i18n} />
        <div class="discussion">
          <RelatedPosts posts={props.related} i18n={i18n} />
          <CommentList comments={props.comments} articlePath={permalink} threadDepth={props.threadDepth} i18n={i18n} />
          <CommentForm
            {...props.form}
            action={`${permalink}comments`}
            permalink={commentPagePath(permalink, props.comments.page)}
            open={props.commentsOpen}
            i18n={i18n}
          />
        </div>
      </div>
    </Layout>
  );
}
