import type { PostSummary } from '../../domain/posts.ts';
import { Pagination } from '../components/pagination.tsx';
import { PostCard } from '../components/post-card.tsx';
import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

export interface HomePageProps extends PageChrome {
  posts: PostSummary[];
  page: number;
  hasNext: boolean;
}

export function HomePage(props: HomePageProps) {
  const [lead, ...rest] = props.posts;
  return (
    <Layout {...props} title={props.page > 1 ? `Latest news, page ${props.page}` : undefined} canonicalPath={props.page > 1 ? `/page/${props.page}/` : '/'}>
      <h1 class="visually-hidden">{props.page > 1 ? `Latest news, page ${props.page}` : `${props.site.title}: latest news`}</h1>
      {lead === undefined ? (
        <p class="empty">Nothing has been published yet.</p>
      ) : (
        <div class="post-list">
          <div class="lead-story">
            <PostCard post={lead} timeZone={props.site.timezone} />
          </div>
          {rest.map((post) => (
            <PostCard post={post} timeZone={props.site.timezone} />
          ))}
        </div>
      )}
      <Pagination base="/" page={props.page} hasNext={props.hasNext} />
    </Layout>
  );
}
