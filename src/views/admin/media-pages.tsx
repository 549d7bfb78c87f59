import type { Messages } from '../../i18n/messages.ts';
import { creditLine, formatBytes, type MediaItem, variantPath, MAX_ALT, MAX_CAPTION, MAX_CREDIT } from '../../domain/media.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, Field, FieldError, type FieldErrors } from './fields.tsx';

type MediaUse = { kind: 'post' | 'page'; id: number; title: string; status: 'draft' | 'published' };
type LibraryItem = MediaItem & { version: string } & { uses: MediaUse[] };

/** A post or page that uses a photo, linked to its editor, with what it is when that is not plain. */
function UseLink(props: { use: MediaUse; t: AdminChrome['i18n']['t'] }) {
  const u = props.use;
  return (
    <li>
      <a href={u.kind === 'page' ? `/admin/pages/${u.id}/` : `/admin/posts/${u.id}/`}>{u.title}</a> {u.kind === 'page' ? props.t('media.usePage') : ''}{' '}
      {u.status === 'draft' ? props.t('admin.media.draft') : ''}
    </li>
  );
}

export interface MediaFormValues {
  alt: string;
  caption: string;
  credit: string;
  creditSource: string;
}

export function emptyMediaForm(): MediaFormValues {
  return { alt: '', caption: '', credit: '', creditSource: '' };
}

export interface MediaLibraryPageProps extends AdminChrome {
  items: LibraryItem[];
  search: string;
  page: number;
  hasNext: boolean;
  sources: Array<{ slug: string; name: string }>;
  values: MediaFormValues;
  errors: FieldErrors;
  notice: string | null;
  maxUploadMb: number;
  maxFiles: number;
  script: string;
}

function Thumbnail({ item }: { item: MediaItem & { version: string } }) {
  const image = { id: item.id, version: item.version };
  return (
    <picture>
      <source type="image/webp" srcset={variantPath(image, 320, 'webp')} />
      <img
        src={variantPath(image, 320, 'jpeg')}
        alt={item.alt}
        width={320}
        height={Math.max(1, Math.round((item.height * 320) / item.width))}
        loading="lazy"
        decoding="async"
      />
    </picture>
  );
}

/** The details every photo has, in the upload form and on its own page. */
export function MediaDetailFields(props: {
  i18n: Messages;
  values: MediaFormValues;
  errors: FieldErrors;
  sources: Array<{ slug: string; name: string }>;
  idPrefix?: string;
}) {
  const { t } = props.i18n;
  const p = props.idPrefix ?? '';
  const id = `${p}credit_source`;
  return (
    <>
      <Field
        id={`${p}alt`}
        name="alt"
        label={t('admin.media.altLabel')}
        hint={t('admin.media.altHint')}
        value={props.values.alt}
        errors={props.errors}
        maxlength={MAX_ALT}
      />
      <Field
        id={`${p}caption`}
        name="caption"
        label={t('admin.media.captionLabel')}
        value={props.values.caption}
        errors={props.errors}
        maxlength={MAX_CAPTION}
      />
      <Field
        id={`${p}credit`}
        name="credit"
        label={t('admin.media.creditLabel')}
        hint={t('admin.media.creditHint')}
        value={props.values.credit}
        errors={props.errors}
        maxlength={MAX_CREDIT}
      />
      <div class="field">
        <label for={id}>{t('admin.media.creditSourceLabel')}</label>
        <select id={id} name="credit_source" aria-invalid={props.errors.credit_source ? 'true' : undefined}>
          <option value="">{t('admin.media.noSource')}</option>
          {props.sources.map((s) => (
            <option value={s.slug} selected={s.slug === props.values.creditSource}>
              {s.name}
            </option>
          ))}
        </select>
        <FieldError id={id} message={props.errors.credit_source} />
      </div>
    </>
  );
}

export function MediaLibraryPage(props: MediaLibraryPageProps) {
  const { t } = props.i18n;
  const query = (page: number) => `?${new URLSearchParams({ ...(props.search ? { q: props.search } : {}), page: String(page) }).toString()}`;
  return (
    <AdminLayout {...props} title={t('admin.media.libraryTitle')} section="media" notice={props.notice}>
      <section class="media-upload" aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t('admin.media.uploadHeading')}</h2>
        <ErrorSummary errors={props.errors} />
        <form method="post" action="/admin/media/upload/" enctype="multipart/form-data" class="media-upload-form" data-drop-target="files">
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="files">{t('admin.media.filesLabel')}</label>
            <span class="field-hint" id="files-hint">
              {t('admin.media.filesHint', { megabytes: props.maxUploadMb, files: props.maxFiles })} <span class="drop-hint">{t('admin.media.dropHint')}</span>
            </span>
            <input
              id="files"
              name="files"
              type="file"
              multiple
              accept="image/jpeg,image/png,image/webp,image/avif,image/gif,image/heic,image/heif"
              required
              aria-invalid={props.errors.files ? 'true' : undefined}
              aria-describedby={props.errors.files ? 'files-hint files-error' : 'files-hint'}
            />
            <FieldError id="files" message={props.errors.files} />
          </div>
          <MediaDetailFields i18n={props.i18n} values={props.values} errors={props.errors} sources={props.sources} />
          <p>
            <button type="submit">{t('admin.media.uploadButton')}</button>
          </p>
        </form>
      </section>
      <form method="get" action="/admin/media/" class="media-search">
        <label for="q">{t('admin.media.searchLabel')}</label> <input id="q" name="q" type="search" value={props.search} />{' '}
        <button type="submit">{t('admin.media.searchButton')}</button>
      </form>
      {props.items.length === 0 ? (
        <p>{props.search ? t('admin.media.emptySearch') : t('admin.media.empty')}</p>
      ) : (
        <ul class="media-grid">
          {props.items.map((item) => (
            <li class="media-card">
              <Thumbnail item={item} />
              <p class="media-name">
                <a href={`/admin/media/${item.id}/`}>{item.fileName}</a>
              </p>
              <p class="media-alt">{item.alt || <em>{t('admin.media.noAlt')}</em>}</p>
              {item.caption ? <p class="media-caption">{item.caption}</p> : ''}
              {creditLine(item.credit) ? <p class="media-credit">{creditLine(item.credit)}</p> : ''}
              <p class="media-size">
                {item.width}×{item.height} · {formatBytes(item.byteSize)}
              </p>
              {item.uses.length === 0 ? (
                <p class="media-uses">{t('admin.media.unused')}</p>
              ) : (
                <div class="media-uses">
                  {t('admin.media.usedBy')}
                  <ul>
                    {item.uses.map((u) => (
                      <UseLink use={u} t={t} />
                    ))}
                  </ul>
                </div>
              )}
              <p>
                <a href={`/admin/media/${item.id}/`}>
                  {t('admin.media.edit')}
                  <span class="visually-hidden"> {item.fileName}</span>
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
      {props.page > 1 || props.hasNext ? (
        <nav class="pagination" aria-label={t('admin.media.pages')}>
          {props.page > 1 ? <a href={query(props.page - 1)}>{t('admin.media.newer')}</a> : ''}{' '}
          {props.hasNext ? <a href={query(props.page + 1)}>{t('admin.media.older')}</a> : ''}
        </nav>
      ) : (
        ''
      )}
      <script src={props.script} defer />
    </AdminLayout>
  );
}

export interface MediaEditPageProps extends AdminChrome {
  item: LibraryItem;
  sources: Array<{ slug: string; name: string }>;
  values: MediaFormValues;
  errors: FieldErrors;
  notice: string | null;
  /** Set when a delete was refused. */
  refused: boolean;
}

export function MediaEditPage(props: MediaEditPageProps) {
  const { item } = props;
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.media.editTitle')} section="media" notice={props.notice}>
      <p class="media-name">{item.fileName}</p>
      <div class="media-edit">
        <Thumbnail item={item} />
        <div>
          <ErrorSummary errors={props.errors} />
          <form method="post" action={`/admin/media/${item.id}/`}>
            <CsrfField token={props.csrfToken} />
            <MediaDetailFields i18n={props.i18n} values={props.values} errors={props.errors} sources={props.sources} />
            <p>
              <button type="submit">{t('admin.media.save')}</button>
            </p>
          </form>
          <p class="media-size">
            {item.width}×{item.height} · {formatBytes(item.byteSize)}
          </p>
          <div class="field">
            <label for="library-address">{t('admin.media.libraryAddress')}</label>
            <span class="field-hint" id="library-address-hint">
              {t('admin.media.libraryAddressHint')}
            </span>
            <input id="library-address" type="text" readonly value={`/media/${item.id}/`} aria-describedby="library-address-hint" />
          </div>
          {item.uses.length > 0 ? (
            <div class={props.refused ? 'form-errors' : 'media-uses'} role={props.refused ? 'alert' : undefined}>
              <p>{props.refused ? t('admin.media.deleteRefused') : t('admin.media.usedBy')}</p>
              <ul>
                {item.uses.map((u) => (
                  <UseLink use={u} t={t} />
                ))}
              </ul>
            </div>
          ) : (
            <form method="post" action={`/admin/media/${item.id}/delete/`} class="danger-zone">
              <h2>{t('admin.media.deleteHeading')}</h2>
              <p>{t('admin.media.deleteHint')}</p>
              <CsrfField token={props.csrfToken} />
              <button type="submit">{t('admin.media.deleteButton')}</button>
            </form>
          )}
        </div>
      </div>
    </AdminLayout>
  );
}
