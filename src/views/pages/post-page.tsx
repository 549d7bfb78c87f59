import type { CommentNode } from '../../domain/comments.ts';
import { permalinkOf, type Post, type PostSummary } from '../../domain/posts.ts';
import { CommentForm, type CommentFormProps } from '../components/comment-form.tsx';
import { CommentList } from '../components/comments.tsx';
import { LatestPosts } from '../components/latest-posts.tsx';
import { PostMeta } from '../components/post-card.tsx';
import { SafeHtmlBlock } from '../components/safe-html.tsx';
import { OtherSources, SourceCredit } from '../components/source-credit.tsx';
import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

export interface PostPageProps extends PageChrome {
  post: Post;
  latest: PostSummary[];
  comments: CommentNode[];
  form: Omit<CommentFormProps, 'action' | 'permalink' | 'open'>;
}

export function PostPage(props: PostPageProps) {
  const { post } = props;
  const permalink = permalinkOf(post);
  const isVariant = props.form.replyTo !== null || props.form.notice !== null || Object.keys(props.form.errors).length > 0;
  return (
    <Layout {...props} title={post.title} description={post.excerpt} canonicalPath={permalink} noindex={isVariant}>
      <div class="article-layout">
        <article class="article">
          <header class="article-header">
            <h1>{post.title}</h1>
            <PostMeta post={post} />
          </header>
          <SafeHtmlBlock class="article-body" html={post.bodyHtml} />
          <footer class="article-footer">
            <SourceCredit sources={post.sources} />
            <OtherSources sources={post.sources} />
          </footer>
        </article>
        <LatestPosts posts={props.latest} />
        <div class="discussion">
          <CommentList comments={props.comments} permalink={permalink} />
          <CommentForm {...props.form} action={`${permalink}comments`} permalink={permalink} open={post.commentsOpen} />
        </div>
      </div>
    </Layout>
  );
}
