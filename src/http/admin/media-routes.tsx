import { Hono, type Context } from 'hono';
import { UnusableImageError } from '../../domain/media.ts';
import { DomainError, NotFoundError } from '../../domain/errors.ts';
import { checkMediaDetails, editMedia, getLibraryItem, listCreditSources, listLibrary, removeMedia, uploadMedia } from '../../services/media.ts';
import { MediaBusyError } from '../../services/media-variants.ts';
import { emptyMediaForm, MediaEditPage, MediaLibraryPage, type MediaFormValues } from '../../views/admin/media-pages.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import type { AppDeps } from '../app-env.ts';
import { RETRY_AFTER_SECONDS } from '../errors.tsx';
import type { FieldErrors } from '../../views/admin/fields.tsx';
import { controlCharacterErrors } from '../forms/form-text.ts';
import { parseId } from '../forms/route-params.ts';
import { editorScriptPath } from '../public/assets.ts';
import { renderPage } from '../render.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminChrome, MAX_FILES_PER_UPLOAD, requireAction } from './guard.tsx';
import { imageRefusal } from './image-refusals.ts';

const NOTICES: Record<string, MessageKey> = {
  upload: 'admin.media.uploaded',
  save: 'admin.media.saved',
  delete: 'admin.media.deleted',
};

/** Searches longer than this are cut: nobody types a paragraph into the library's search. */
const MAX_SEARCH = 200;

function mediaValues(fields: Record<string, string>): MediaFormValues {
  return { alt: fields.alt ?? '', caption: fields.caption ?? '', credit: fields.credit ?? '', creditSource: fields.credit_source ?? '' };
}

function idParam(value: string | undefined): number {
  const id = parseId(value);
  if (id === undefined) throw new NotFoundError('Image');
  return id;
}

/** The photo library under /admin/media/: upload several files at once, search, describe, delete. */
export function mediaRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());
  const media = deps.media;
  if (!media) throw new Error('buildApp sets the media before the admin is built');
  const maxUploadMb = Math.round(media.options.maxUploadBytes / 1024 / 1024);

  const libraryPage = async (
    c: Context<AdminEnv>,
    state: { values?: MediaFormValues; errors?: FieldErrors; notice?: MessageKey | null },
    status: 200 | 413 | 415 | 422 | 503 = 200,
  ) => {
    const session = requireAction(c, 'write');
    const search = (c.req.query('q') ?? '').slice(0, MAX_SEARCH);
    const page = Number(/^[1-9]\d{0,5}$/.test(c.req.query('page') ?? '') ? c.req.query('page') : 1);
    const library = await listLibrary(db, session.user, search, page);
    const chrome = await adminChrome(deps, c);
    return renderPage(
      c,
      <MediaLibraryPage
        {...chrome}
        items={library.items}
        page={library.page}
        hasNext={library.hasNext}
        search={search}
        sources={await listCreditSources(db)}
        values={state.values ?? emptyMediaForm()}
        errors={state.errors ?? {}}
        notice={state.notice ? chrome.i18n.t(state.notice) : null}
        maxUploadMb={maxUploadMb}
        maxFiles={MAX_FILES_PER_UPLOAD}
        script={editorScriptPath()}
      />,
      status,
    );
  };

  app.get('/admin/media/', (c) => libraryPage(c, { notice: NOTICES[c.req.query('done') ?? ''] ?? null }));

  app.post('/admin/media/upload/', async (c) => {
    const session = requireAction(c, 'write');
    const fields = c.get('form');
    const values = mediaValues(fields);
    const files = c.get('files').files ?? [];
    const fail = (status: 413 | 415 | 422 | 503, message: string) => libraryPage(c, { values, errors: { files: message } }, status);
    const { i18n } = await adminChrome(deps, c);
    const controls = controlCharacterErrors(fields, ['alt', 'caption', 'credit']);
    if (Object.keys(controls).length > 0) return libraryPage(c, { values, errors: controls }, 422);
    const checked = await checkMediaDetails(db, values);
    if ('errors' in checked) return libraryPage(c, { values, errors: checked.errors }, 422);
    if (c.get('uploadBusy')) {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return fail(503, i18n.t('media.busy'));
    }
    if (files.length === 0) return fail(422, i18n.t('media.chooseFiles'));
    if (files.length > MAX_FILES_PER_UPLOAD) return fail(413, i18n.t('media.tooManyFiles', { files: MAX_FILES_PER_UPLOAD }));
    const tooLarge = files.find((f) => f.bytes.length > media.options.maxUploadBytes);
    if (tooLarge) return fail(413, i18n.t('media.fileTooLarge', { file: tooLarge.name, megabytes: maxUploadMb }));
    try {
      await uploadMedia(db, media, session.user, files, checked.details, now());
    } catch (error) {
      if (error instanceof UnusableImageError) return fail(error.status, imageRefusal(i18n, error));
      if (error instanceof MediaBusyError) {
        c.header('Retry-After', String(RETRY_AFTER_SECONDS));
        return fail(503, i18n.t('media.busy'));
      }
      throw error;
    }
    return c.redirect('/admin/media/?done=upload', 303);
  });

  const editPage = async (
    c: Context<AdminEnv>,
    id: number,
    state: { values?: MediaFormValues; errors?: FieldErrors; refused?: boolean },
    status: 200 | 409 | 422 = 200,
  ) => {
    const session = requireAction(c, 'write');
    const item = await getLibraryItem(db, session.user, id);
    const chrome = await adminChrome(deps, c);
    const notice = NOTICES[c.req.query('done') ?? ''];
    return renderPage(
      c,
      <MediaEditPage
        {...chrome}
        item={item}
        sources={await listCreditSources(db)}
        values={state.values ?? { alt: item.alt, caption: item.caption, credit: item.credit.text, creditSource: item.credit.source?.slug ?? '' }}
        errors={state.errors ?? {}}
        notice={notice ? chrome.i18n.t(notice) : null}
        refused={state.refused ?? false}
      />,
      status,
    );
  };

  app.get('/admin/media/:id/', (c) => editPage(c, idParam(c.req.param('id')), {}));

  app.post('/admin/media/:id/', async (c) => {
    const session = requireAction(c, 'write');
    const id = idParam(c.req.param('id'));
    const fields = c.get('form');
    const values = mediaValues(fields);
    const controls = controlCharacterErrors(fields, ['alt', 'caption', 'credit']);
    if (Object.keys(controls).length > 0) return editPage(c, id, { values, errors: controls }, 422);
    const checked = await checkMediaDetails(db, values);
    if ('errors' in checked) return editPage(c, id, { values, errors: checked.errors }, 422);
    await editMedia(db, session.user, id, checked.details, now());
    return c.redirect(`/admin/media/${id}/?done=save`, 303);
  });

  app.post('/admin/media/:id/delete/', async (c) => {
    const session = requireAction(c, 'write');
    const id = idParam(c.req.param('id'));
    try {
      await removeMedia(db, session.user, id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'conflict') return editPage(c, id, { refused: true }, 409);
      throw error;
    }
    return c.redirect('/admin/media/?done=delete', 303);
  });

  return app;
}
