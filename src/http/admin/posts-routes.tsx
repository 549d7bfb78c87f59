import { Hono, type Context } from 'hono';
import { renderBody } from '../../content/markdown.ts';
import { lineDiff } from '../../content/revision-diff.ts';
import { can, canPublishPost } from '../../domain/users.ts';
import { canChangePost, canCorrectPost, isScheduled, LIST_STATUSES, listStatusOf, type ListStatus } from '../../domain/post-editor.ts';
import { DomainError, NotFoundError } from '../../domain/errors.ts';
import { changedFields } from '../../domain/revisions.ts';
import {
  addCorrection,
  getRevision,
  listSourceSuggestions,
  listPostRevisions,
  listPostsForUser,
  loadPostForEditing,
  loadRevisionPair,
  restoreRevision,
  savePost,
  type EditorPost,
} from '../../services/post-editor.ts';
import { loadSiteSettings } from '../../services/settings.ts';
import { PostEditorPage, type PostEditorPageProps } from '../../views/admin/post-editor-page.tsx';
import { PostsListPage } from '../../views/admin/posts-list-page.tsx';
import { CompareRevisionsPage, RevisionPage, RevisionsPage, revisionWords } from '../../views/admin/revisions-pages.tsx';
import type { AppDeps } from '../app-env.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { fieldErrorsOf, reasonMessage } from '../forms/field-messages.ts';
import { hasControlCharacters } from '../forms/form-text.ts';
import { emptyPostForm, EMPTY_SOURCE_ROWS, featuredValues, MAX_SOURCE_ROWS, parsePostForm, valuesOfDraft, type PostFormValues } from '../forms/post-form.ts';
import { shownImage, UnusableImageError } from '../../domain/media.ts';
import { checkMediaDetails, findFeaturedImage, listCreditSources, listPhotoChoices, updateFeaturedDetails, uploadMedia } from '../../services/media.ts';
import { MediaBusyError } from '../../services/media-variants.ts';
import { RETRY_AFTER_SECONDS } from '../errors.tsx';
import { imageRefusal } from './image-refusals.ts';
import { parseId } from '../forms/route-params.ts';
import { editorScriptPath } from '../public/assets.ts';
import { renderPage } from '../render.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminChrome, requireAction, signedIn } from './guard.tsx';

/** Longest correction note: a paragraph, not an article. */
const MAX_CORRECTION_LENGTH = 2_000;

/** Confirmations shown after a save, by the query string the redirect carries. */
const NOTICES: Readonly<Record<string, MessageKey>> = {
  save: 'admin.editor.notice.save',
  publish: 'admin.editor.notice.publish',
  schedule: 'admin.editor.notice.schedule',
  unpublish: 'admin.editor.notice.unpublish',
  restore: 'admin.editor.notice.restore',
  correction: 'admin.editor.notice.correction',
};

function idParam(value: string | undefined): number {
  const id = parseId(value);
  if (id === undefined) throw new NotFoundError('Post');
  return id;
}

function parseListStatus(value: string | undefined): ListStatus {
  return (LIST_STATUSES as readonly string[]).includes(value ?? '') ? (value as ListStatus) : 'all';
}

export function postRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  type EditorState = Partial<Omit<PostEditorPageProps, keyof Awaited<ReturnType<typeof adminChrome>>>>;

  const editorPage = async (
    c: Context<AdminEnv>,
    post: EditorPost | null,
    values: PostFormValues,
    state: EditorState,
    status: 200 | 409 | 413 | 415 | 422 | 503 = 200,
  ) => {
    const session = signedIn(c);
    const featuredId = /^\d+$/.test(values.featuredMedia) ? Number(values.featuredMedia) : null;
    const featured = featuredId === null ? undefined : await findFeaturedImage(db, featuredId);
    const at = now();
    const chrome = await adminChrome(deps, c);
    const { timezone } = await loadSiteSettings(db);
    const owner = post ?? { authorId: session.user.authorId };
    // The editor's script comes from /assets/ and nothing inline runs (ADMIN_CSP, set by the guard):
    // a body's pasted markup never executes here.
    return renderPage(
      c,
      <PostEditorPage
        {...chrome}
        post={
          post && {
            id: post.id,
            authorName: post.authorName,
            status: post.status,
            publishedAt: post.publishedAt,
            state: listStatusOf(post, at),
            permalink: post.permalink,
            corrections: post.corrections,
            updatedAt: post.updatedAt,
          }
        }
        values={values}
        errors={{}}
        mayPublish={canPublishPost(session.user, owner)}
        mayCorrect={post !== null && canCorrectPost(session.user, post, at)}
        mayPin={can(session.user, 'pin_posts')}
        outlets={await listSourceSuggestions(db)}
        preview={null}
        conflict={null}
        notice={null}
        correction={{ value: '', error: null }}
        sourceRows={Math.min(MAX_SOURCE_ROWS, values.sources.length + EMPTY_SOURCE_ROWS)}
        timeZone={timezone}
        script={editorScriptPath()}
        photos={await listPhotoChoices(db, featuredId)}
        featured={featured ? shownImage(featured) : null}
        creditSources={await listCreditSources(db)}
        {...state}
      />,
      status,
    );
  };

  /** The form's values for a stored post, its featured image's details with them. */
  const storedValues = async (post: EditorPost): Promise<PostFormValues> => {
    const image = post.featuredMediaId === null ? undefined : await findFeaturedImage(db, post.featuredMediaId);
    const { timezone } = await loadSiteSettings(db);
    return { ...valuesOfDraft(post.draft, post.updatedAt, post.publishedAt, timezone), pinned: post.pinned, ...featuredValues(image ?? null) };
  };

  /**
   * The featured image's part of a save, before the post's: an uploaded photo joins the library
   * and becomes the featured image; details typed for a chosen one are written to it. Returns the
   * featured image's id, or the errors to show beside the fields (the post's text kept).
   */
  const saveFeaturedImage = async (
    c: Context<AdminEnv>,
    values: PostFormValues,
    chosen: number | null | undefined,
  ): Promise<{ id: number | null | undefined } | { errors: Record<string, string>; status: 413 | 415 | 422 | 503 }> => {
    const session = signedIn(c);
    const { i18n } = await adminChrome(deps, c);
    const media = deps.media;
    const upload = c.get('files').featured_upload ?? [];
    const checked = await checkMediaDetails(db, {
      alt: values.featuredAlt,
      caption: values.featuredCaption,
      credit: values.featuredCredit,
      creditSource: values.featuredCreditSource,
    });
    if ('errors' in checked) {
      const errors = Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [`featured_${k}`, v]));
      return { errors, status: 422 };
    }
    // The photo was dropped as it arrived: the process held as many uploads as it may.
    if (c.get('uploadBusy')) {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return { errors: { featured_upload: i18n.t('media.busySave') }, status: 503 };
    }
    const file = upload[0];
    if (file && media) {
      if (upload.length > 1) return { errors: { featured_upload: i18n.t('media.oneFile') }, status: 422 };
      if (file.bytes.length > media.options.maxUploadBytes) {
        const mb = Math.round(media.options.maxUploadBytes / 1024 / 1024);
        return { errors: { featured_upload: i18n.t('media.photoTooLarge', { megabytes: mb }) }, status: 413 };
      }
      try {
        const [id] = await uploadMedia(db, media, session.user, [file], checked.details, now());
        return { id: id ?? null };
      } catch (error) {
        if (error instanceof UnusableImageError) return { errors: { featured_upload: imageRefusal(i18n, error) }, status: error.status };
        if (error instanceof MediaBusyError) return { errors: { featured_upload: i18n.t('media.busySave') }, status: 503 };
        throw error;
      }
    }
    if (chosen !== null && chosen !== undefined && (await updateFeaturedDetails(db, session.user, chosen, checked.details, now())) === 'refused') {
      return { errors: { featured_alt: i18n.t('admin.featured.notYours') }, status: 422 };
    }
    return { id: chosen };
  };

  const loadPost = (c: Context<AdminEnv>, id: number) => loadPostForEditing(db, signedIn(c).user, id, now());

  app.get('/admin/posts/', async (c) => {
    const session = requireAction(c, 'write');
    const status = parseListStatus(c.req.query('status'));
    const page = Number(/^[1-9]\d{0,5}$/.test(c.req.query('page') ?? '') ? c.req.query('page') : 1);
    const at = now();
    const list = await listPostsForUser(db, session.user, status, page, at);
    const chrome = await adminChrome(deps, c);
    return renderPage(
      c,
      <PostsListPage
        {...chrome}
        status={status}
        page={list.page}
        hasNext={list.hasNext}
        everyone={can(session.user, 'edit_others')}
        posts={list.posts.map((p) => ({
          id: p.id,
          title: p.title,
          authorName: p.authorName,
          state: listStatusOf(p, at),
          date: p.status === 'draft' || !p.publishedAt ? p.updatedAt : p.publishedAt,
        }))}
      />,
    );
  });

  app.get('/admin/posts/new/', (c) => {
    requireAction(c, 'write');
    return editorPage(c, null, emptyPostForm(), {});
  });

  /** A save or a preview of the editor's form; `post` is the stored post, null for a new one. */
  const submit = async (c: Context<AdminEnv>, post: EditorPost | null) => {
    const session = signedIn(c);
    const { i18n } = await adminChrome(deps, c);
    const form = parsePostForm(c.get('form'), (await loadSiteSettings(db)).timezone, post?.publishedAt ?? null, i18n);
    if (form.action === 'preview') {
      const title = form.values.title.trim() || i18n.t('admin.editor.noTitleYet');
      return editorPage(c, post, form.values, { preview: { title, html: renderBody(form.values.body).bodyHtml } });
    }
    if (!form.ok) return editorPage(c, post, form.values, { errors: form.errors }, 422);
    const featured = await saveFeaturedImage(c, form.values, form.featuredMediaId);
    if ('errors' in featured) return editorPage(c, post, form.values, { errors: featured.errors }, featured.status);
    // A photo uploaded now stays chosen whatever becomes of the save, so it is never uploaded twice.
    if (featured.id !== undefined) form.values.featuredMedia = featured.id === null ? '' : String(featured.id);
    try {
      const saved = await savePost(
        db,
        session.user,
        {
          postId: post?.id,
          baseVersion: form.version,
          draft: form.draft,
          action: form.action,
          scheduleAt: form.scheduleAt,
          featuredMediaId: featured.id,
          pinned: form.pinned,
        },
        now(),
      );
      if (saved.publishedAt && isScheduled(saved, now())) deps.scheduler?.wake();
      // A post live now is mailed to readers subscribed to new posts by the mail job: look at once.
      else if (saved.status === 'published') deps.mail?.wake();
      return c.redirect(`/admin/posts/${saved.id}/?done=${form.action}`, 303);
    } catch (error) {
      if (deps.database.isUnavailable(error)) {
        // Another process held the write lock past the busy timeout, or the database is out of
        // reach: the editor keeps the page with every word, to save again. If even the page
        // cannot be read, the error handler's 503 page stands.
        deps.logger.warn('post not saved: database unavailable', {
          requestId: c.get('requestId'),
          error: error instanceof Error ? error.message : String(error),
        });
        c.header('Retry-After', String(RETRY_AFTER_SECONDS));
        const errors = { form: i18n.t('admin.editor.busy') };
        try {
          return await editorPage(c, post, form.values, { errors }, 503);
        } catch {
          throw error;
        }
      }
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'invalid') return editorPage(c, post, form.values, { errors: fieldErrorsOf(i18n, error) }, 422);
      if (error.code === 'conflict' && post) {
        const { revisions } = await listPostRevisions(db, session.user, post.id);
        const latest = revisions[0];
        return editorPage(
          c,
          post,
          form.values,
          {
            conflict: {
              revisionPath: latest ? `/admin/posts/${post.id}/revisions/${latest.id}/` : `/admin/posts/${post.id}/`,
              savedBy: latest?.savedBy ?? null,
              savedAt: latest?.createdAt ?? post.updatedAt,
            },
          },
          409,
        );
      }
      throw error;
    }
  };

  app.post('/admin/posts/new/', (c) => {
    requireAction(c, 'write');
    return submit(c, null);
  });

  app.get('/admin/posts/:id/', async (c) => {
    requireAction(c, 'write');
    const post = await loadPost(c, idParam(c.req.param('id')));
    const notice = NOTICES[c.req.query('done') ?? ''];
    return editorPage(c, post, await storedValues(post), { notice: notice ? (await adminChrome(deps, c)).i18n.t(notice) : null });
  });

  app.post('/admin/posts/:id/', async (c) => {
    requireAction(c, 'write');
    return submit(c, await loadPost(c, idParam(c.req.param('id'))));
  });

  app.post('/admin/posts/:id/corrections/', async (c) => {
    const session = requireAction(c, 'publish');
    const id = idParam(c.req.param('id'));
    const text = (c.get('form').correction ?? '').replace(/\r\n?/g, '\n').trim();
    const { t } = (await adminChrome(deps, c)).i18n;
    const error =
      text === ''
        ? t('admin.fields.correctionMissing')
        : text.length > MAX_CORRECTION_LENGTH
          ? t('admin.fields.tooLong', { max: MAX_CORRECTION_LENGTH })
          : hasControlCharacters(text)
            ? t('admin.fields.controlCharacters')
            : null;
    if (error) {
      const post = await loadPost(c, id);
      return editorPage(c, post, await storedValues(post), { correction: { value: text, error }, errors: {} }, 422);
    }
    await addCorrection(db, session.user, id, text, now());
    return c.redirect(`/admin/posts/${id}/?done=correction`, 303);
  });

  app.get('/admin/posts/:id/revisions/', async (c) => {
    const session = requireAction(c, 'write');
    const history = await listPostRevisions(db, session.user, idParam(c.req.param('id')));
    return renderPage(c, <RevisionsPage {...(await adminChrome(deps, c))} post={history.post} revisions={history.revisions} />);
  });

  app.get('/admin/posts/:id/revisions/compare/', async (c) => {
    const session = requireAction(c, 'write');
    const from = parseId(c.req.query('from'));
    const to = parseId(c.req.query('to'));
    if (from === undefined || to === undefined) throw new NotFoundError('Revision');
    const id = idParam(c.req.param('id'));
    const pair = await loadRevisionPair(db, session.user, id, from, to);
    const current = await loadPost(c, id);
    const chrome = await adminChrome(deps, c);
    return renderPage(
      c,
      <CompareRevisionsPage
        {...chrome}
        post={pair.post}
        older={pair.older}
        newer={pair.newer}
        fields={changedFields(pair.older, pair.newer, (await loadSiteSettings(db)).timezone, revisionWords(chrome.i18n))}
        body={lineDiff(pair.older.draft.bodyMarkdown, pair.newer.draft.bodyMarkdown)}
        version={current.updatedAt}
        mayRestore={canChangePost(session.user, current)}
      />,
    );
  });

  app.get('/admin/posts/:id/revisions/:revision/', async (c) => {
    const session = requireAction(c, 'write');
    const id = idParam(c.req.param('id'));
    const found = await getRevision(db, session.user, id, idParam(c.req.param('revision')));
    const current = await loadPost(c, id);
    return renderPage(
      c,
      <RevisionPage
        {...(await adminChrome(deps, c))}
        post={found.post}
        revision={found.revision}
        version={current.updatedAt}
        mayRestore={canChangePost(session.user, current)}
        timeZone={(await loadSiteSettings(db)).timezone}
      />,
    );
  });

  app.post('/admin/posts/:id/revisions/:revision/restore/', async (c) => {
    const session = requireAction(c, 'write');
    const id = idParam(c.req.param('id'));
    const version = c.get('form').version;
    const base = version ? new Date(version) : undefined;
    try {
      await restoreRevision(db, session.user, id, idParam(c.req.param('revision')), base && !Number.isNaN(base.getTime()) ? base : undefined, now());
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== 'conflict' && error.code !== 'invalid')) throw error;
      // Nothing was restored: the revisions again, with why, in the editor's language.
      const chrome = await adminChrome(deps, c);
      const { t } = chrome.i18n;
      const problem =
        error.code === 'conflict'
          ? t('admin.revisions.conflict')
          : t('admin.revisions.cannotRestore', { reason: reasonMessage(chrome.i18n, error.reason) ?? error.message });
      const history = await listPostRevisions(db, session.user, id);
      return renderPage(c, <RevisionsPage {...chrome} post={history.post} revisions={history.revisions} problem={problem} />, 409);
    }
    return c.redirect(`/admin/posts/${id}/?done=restore`, 303);
  });

  return app;
}
