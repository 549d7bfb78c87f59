import { renderCommentText } from '../../content/comment-text.ts';
import { commentPagePath, type CommentNode, type PublicComment } from '../../domain/comments.ts';
import { Pagination } from './pagination.tsx';
import { formatDateTime } from '../format.ts';
import { RenderedOnce, SafeHtmlBlock } from './safe-html.tsx';

function CommentAuthor({ comment }: { comment: PublicComment }) {
  if (!comment.authorUrl) return <span class="comment-author">{comment.authorName}</span>;
  return (
    <a class="comment-author" href={comment.authorUrl} rel="nofollow ugc">
      {comment.authorName}
    </a>
  );
}

function CommentItem({ node, permalink, threadDepth }: { node: CommentNode; permalink: string; threadDepth: number }) {
  const c = node.comment;
  const replies =
    node.replies.length > 0 ? (
      <ol class="comment-children">
        {node.replies.map((r) => (
          <CommentItem node={r} permalink={permalink} threadDepth={threadDepth} />
        ))}
      </ol>
    ) : (
      ''
    );
  if (c.erased) {
    // Erased on its author's request: nothing of it is left but its place, so the replies still read.
    return (
      <li id={`comment-${c.id}`} class="comment comment-deleted">
        <p class="comment-deleted-note">Deleted comment</p>
        {replies}
      </li>
    );
  }
  const canReply = node.depth < threadDepth;
  // Everything the comment shows: a reply, an edit or another page gives another key.
  const content = JSON.stringify([permalink, canReply, c.id, c.createdAt.getTime(), c.authorName, c.authorUrl, c.body]);
  return (
    <li id={`comment-${c.id}`} class="comment">
      <RenderedOnce content={content} render={() => <CommentArticle comment={c} permalink={permalink} canReply={canReply} />} />
      {replies}
    </li>
  );
}

function CommentArticle({ comment: c, permalink, canReply }: { comment: PublicComment; permalink: string; canReply: boolean }) {
  return (
    <article aria-labelledby={`comment-${c.id}-author`}>
      <header class="comment-header">
        <span id={`comment-${c.id}-author`}>
          <CommentAuthor comment={c} />
        </span>{' '}
        <a class="comment-date" href={`${permalink}#comment-${c.id}`}>
          <time datetime={c.createdAt.toISOString()}>{formatDateTime(c.createdAt)}</time>
        </a>
      </header>
      <SafeHtmlBlock class="comment-body" html={renderCommentText(c.body)} />
      {canReply ? (
        <a class="comment-reply" href={`${permalink}?replytocom=${c.id}#respond`} rel="nofollow" aria-label={`Reply to ${c.authorName}`}>
          Reply
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
export function CommentList({ comments, articlePath, threadDepth }: { comments: CommentPageProps; articlePath: string; threadDepth: number }) {
  const { count, page, pageCount } = comments;
  const pagePath = commentPagePath(articlePath, page);
  const pages = (label: string) => (
    <Pagination
      base={articlePath}
      page={page}
      hasNext={page < pageCount}
      pathOf={(n) => `${commentPagePath(articlePath, n)}#comments-heading`}
      labels={{ previous: '← Older comments', next: 'Newer comments →' }}
      label={label}
      pageCount={pageCount}
    />
  );
  return (
    <section class="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{count === 0 ? 'No comments yet' : count === 1 ? '1 comment' : `${count.toLocaleString('en-GB')} comments`}</h2>
      {pageCount > 1 ? pages('Comment pages') : ''}
      {comments.threads.length > 0 ? (
        <ol class="comment-list">
          {comments.threads.map((node) => (
            <CommentItem node={node} permalink={pagePath} threadDepth={threadDepth} />
          ))}
        </ol>
      ) : (
        ''
      )}
      {pageCount > 1 ? pages('More comment pages') : ''}
    </section>
  );
}
