import { renderCommentText } from '../../content/comment-text.ts';
import { commentPagePath, type CommentNode, type PublicComment } from '../../domain/comments.ts';
import { Pagination } from './pagination.tsx';
import type { PageLocale } from '../format.ts';
import { RenderedOnce, SafeHtmlBlock } from './safe-html.tsx';

function CommentAuthor({ comment }: { comment: PublicComment }) {
  if (!comment.authorUrl)
    return (
      <span class="comment-author" dir="auto">
        {comment.authorName}
      </span>
    );
  return (
    <a class="comment-author" href={comment.authorUrl} rel="nofollow ugc" dir="auto">
      {comment.authorName}
    </a>
  );
}

function CommentItem({ node, permalink, threadDepth, i18n }: { node: CommentNode; permalink: string; threadDepth: number; i18n: PageLocale }) {
  const c = node.comment;
  const replies =
    node.replies.length > 0 ? (
      <ol class="comment-children">
        {node.replies.map((r) => (
          <CommentItem node={r} permalink={permalink} threadDepth={threadDepth} i18n={i18n} />
        ))}
      </ol>
    ) : (
      ''
    );
  if (c.erased) {
    // Erased on its author's request: nothing of it is left but its place, so the replies still read.
    return (
      <li id={`comment-${c.id}`} class="comment comment-deleted">
        <p class="comment-deleted-note">{i18n.t('comments.deleted')}</p>
        {replies}
      </li>
    );
  }
  const canReply = node.depth < threadDepth;
  // Everything the comment shows: a reply, an edit, another page, language or time zone gives another key.
  const content = JSON.stringify([permalink, canReply, c.id, c.createdAt.getTime(), c.authorName, c.authorUrl, c.body, i18n.language, i18n.timeZone]);
  return (
    <li id={`comment-${c.id}`} class="comment">
      <RenderedOnce content={content} render={() => <CommentArticle comment={c} permalink={permalink} canReply={canReply} i18n={i18n} />} />
      {replies}
    </li>
  );
}

function CommentArticle({ comment: c, permalink, canReply, i18n }: { comment: PublicComment; permalink: string; canReply: boolean; i18n: PageLocale }) {
  return (
    <article aria-labelledby={`comment-${c.id}-author`}>
      <header class="comment-header">
        <span id={`comment-${c.id}-author`}>
          <CommentAuthor comment={c} />
        </span>{' '}
        <a class="comment-date" href={`${permalink}#comment-${c.id}`}>
          <time datetime={c.createdAt.toISOString()}>{i18n.dateTime(c.createdAt)}</time>
        </a>
      </header>
      <SafeHtmlBlock class="comment-body" html={renderCommentText(c.body)} dir="auto" />
      {canReply ? (
        <a
          class="comment-reply"
          href={`${permalink}?replytocom=${c.id}#respond`}
          rel="nofollow"
          aria-label={i18n.t('comments.replyTo', { name: c.authorName })}
        >
          {i18n.t('comments.reply')}
        </a>
      ) : (
        ''
      )}
    </article>
  );
}

export interface CommentPageProps {
  /** This page's threads. */
  threads: readonly CommentNode[];
  page: number;
  pageCount: number;
  /** Comments shown, over every page. */
  count: number;
}

/** One page of an article's comments (`articlePath` is the article's own address), with links to the others. */
export function CommentList({
  comments,
  articlePath,
  threadDepth,
  i18n,
}: {
  comments: CommentPageProps;
  articlePath: string;
  threadDepth: number;
  i18n: PageLocale;
}) {
  const { count, page, pageCount } = comments;
  const { t } = i18n;
  const pagePath = commentPagePath(articlePath, page);
  const pages = (label: string) => (
    <Pagination
      base={articlePath}
      page={page}
      hasNext={page < pageCount}
      pathOf={(n) => `${commentPagePath(articlePath, n)}#comments-heading`}
      labels={{ previous: t('comments.older'), next: t('comments.newer') }}
      label={label}
      pageCount={pageCount}
      i18n={i18n}
    />
  );
  return (
    <section class="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('comments.heading', { count })}</h2>
      {pageCount > 1 ? pages(t('comments.pages')) : ''}
      {comments.threads.length > 0 ? (
        <ol class="comment-list">
          {comments.threads.map((node) => (
            <CommentItem node={node} permalink={pagePath} threadDepth={threadDepth} i18n={i18n} />
          ))}
        </ol>
      ) : (
        ''
      )}
      {pageCount > 1 ? pages(t('comments.morePages')) : ''}
    </section>
  );
}
