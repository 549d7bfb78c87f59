import { creditLine, formatBytes, type MediaItem, variantPath, MAX_ALT, MAX_CAPTION, MAX_CREDIT } from '../../domain/media.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, Field, FieldError, type FieldErrors } from './fields.tsx';

/** Words an editor sees on the library's pages, together for translation. */
const MESSAGES = {
  libraryTitle: 'Photos',
  uploadHeading: 'Upload photos',
  filesLabel: 'Images',
  filesHint: (megabytes: number, files: number) =>
    `JPEG, PNG, WebP, AVIF or GIF, up to ${megabytes} MB each, ${files} at a time. The details below apply to each.`,
  dropHint: 'You can also drop images here or paste one.',
  altLabel: 'Alt text',
  altHint: 'What the photo shows, for readers who cannot see it. Needed before a post with it as featured image is published.',
  captionLabel: 'Caption',
  creditLabel: 'Credit',
  creditHint: 'As printed under the photo, e.g. “Photo: Reuters”.',
  creditSourceLabel: 'Credit links to source',
  noSource: '(none)',
  uploadButton: 'Upload',
  searchLabel: 'Search photos',
  searchButton: 'Search',
  empty: 'No photos yet.',
  emptySearch: 'No photo matches that search.',
  noAlt: 'No alt text',
  unused: 'Not used by any post.',
  usedBy: 'Used by',
  edit: 'Edit',
  older: 'Older photos',
  newer: 'Newer photos',
  editTitle: 'Edit photo',
  save: 'Save',
  deleteHeading: 'Delete this photo',
  deleteHint: 'It is removed from the library for good.',
  deleteButton: 'Delete photo',
  deleteRefused: 'This photo cannot be deleted while these posts use it:',
  libraryAddress: 'Address for a post’s text',
  libraryAddressHint: 'Write ![alt text](this address) in a post to show the photo there.',
  draft: '(draft)',
} as const;

type LibraryItem = MediaItem & { version: string } & { uses: Array<{ postId: number; title: string; status: 'draft' | 'published' }> };

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
export function MediaDetailFields(props: { values: MediaFormValues; errors: FieldErrors; sources: Array<{ slug: string; name: string }>; idPrefix?: string }) {
  const p = props.idPrefix ?? '';
  const id = `${p}credit_source`;
  return (
    <>
      <Field id={`${p}alt`} name="alt" label={MESSAGES.altLabel} hint={MESSAGES.altHint} value={props.values.alt} errors={props.errors} maxlength={MAX_ALT} />
      <Field id={`${p}caption`} name="caption" label={MESSAGES.captionLabel} value={props.values.caption} errors={props.errors} maxlength={MAX_CAPTION} />
      <Field
        id={`${p}credit`}
        name="credit"
        label={MESSAGES.creditLabel}
        hint={MESSAGES.creditHint}
        value={props.values.credit}
        errors={props.errors}
        maxlength={MAX_CREDIT}
      />
      <div class="field">
        <label for={id}>{MESSAGES.creditSourceLabel}</label>
        <select id={id} name="credit_source" aria-invalid={props.errors.credit_source ? 'true' : undefined}>
          <option value="">{MESSAGES.noSource}</option>
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
  const query = (page: number) => `?${new URLSearchParams({ ...(props.search ? { q: props.search } : {}), page: String(page) }).toString()}`;
  return (
    <AdminLayout {...props} title={MESSAGES.libraryTitle} section="media" notice={props.notice}>
      <section class="media-upload" aria-labelledby="upload-heading">
        <h2 id="upload-heading">{MESSAGES.uploadHeading}</h2>
        <ErrorSummary errors={props.errors} />
        <form method="post" action="/admin/media/upload/" enctype="multipart/form-data" class="media-upload-form" data-drop-target="files">
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="files">{MESSAGES.filesLabel}</label>
            <span class="field-hint" id="files-hint">
              {MESSAGES.filesHint(props.maxUploadMb, props.maxFiles)} <span class="drop-hint">{MESSAGES.dropHint}</span>
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
          <MediaDetailFields values={props.values} errors={props.errors} sources={props.sources} />
          <p>
            <button type="submit">{MESSAGES.uploadButton}</button>
          </p>
        </form>
      </section>
      <form method="get" action="/admin/media/" class="media-search">
        <label for="q">{MESSAGES.searchLabel}</label> <input id="q" name="q" type="search" value={props.search} />{' '}
        <button type="submit">{MESSAGES.searchButton}</button>
      </form>
      {props.items.length === 0 ? (
        <p>{props.search ? MESSAGES.emptySearch : MESSAGES.empty}</p>
      ) : (
        <ul class="media-grid">
          {props.items.map((item) => (
            <li class="media-card">
              <Thumbnail item={item} />
              <p class="media-name">
                <a href={`/admin/media/${item.id}/`}>{item.fileName}</a>
              </p>
              <p class="media-alt">{item.alt || <em>{MESSAGES.noAlt}</em>}</p>
              {item.caption ? <p class="media-caption">{item.caption}</p> : ''}
              {creditLine(item.credit) ? <p class="media-credit">{creditLine(item.credit)}</p> : ''}
              <p class="media-size">
                {item.width}×{item.height} · {formatBytes(item.byteSize)}
              </p>
              {item.uses.length === 0 ? (
                <p class="media-uses">{MESSAGES.unused}</p>
              ) : (
                <div class="media-uses">
                  {MESSAGES.usedBy}:
                  <ul>
                    {item.uses.map((u) => (
                      <li>
                        <a href={`/admin/posts/${u.postId}/`}>{u.title}</a> {u.status === 'draft' ? MESSAGES.draft : ''}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <p>
                <a href={`/admin/media/${item.id}/`}>
                  {MESSAGES.edit}
                  <span class="visually-hidden"> {item.fileName}</span>
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
      {props.page > 1 || props.hasNext ? (
        <nav class="pagination" aria-label="Pages of photos">
          {props.page > 1 ? <a href={query(props.page - 1)}>{MESSAGES.newer}</a> : ''}{' '}
          {props.hasNext ? <a href={query(props.page + 1)}>{MESSAGES.older}</a> : ''}
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
  return (
    <AdminLayout {...props} title={MESSAGES.editTitle} section="media" notice={props.notice}>
      <p class="media-name">{item.fileName}</p>
      <div class="media-edit">
        <Thumbnail item={item} />
        <div>
          <ErrorSummary errors={props.errors} />
          <form method="post" action={`/admin/media/${item.id}/`}>
            <CsrfField token={props.csrfToken} />
            <MediaDetailFields values={props.values} errors={props.errors} sources={props.sources} />
            <p>
              <button type="submit">{MESSAGES.save}</button>
            </p>
          </form>
          <p class="media-size">
            {item.width}×{item.height} · {formatBytes(item.byteSize)}
          </p>
          <div class="field">
            <label for="library-address">{MESSAGES.libraryAddress}</label>
            <span class="field-hint" id="library-address-hint">
              {MESSAGES.libraryAddressHint}
            </span>
            <input id="library-address" type="text" readonly value={`/media/${item.id}/`} aria-describedby="library-address-hint" />
          </div>
          {item.uses.length > 0 ? (
            <div class={props.refused ? 'form-errors' : 'media-uses'} role={props.refused ? 'alert' : undefined}>
              <p>{props.refused ? MESSAGES.deleteRefused : `${MESSAGES.usedBy}:`}</p>
              <ul>
                {item.uses.map((u) => (
                  <li>
                    <a href={`/admin/posts/${u.postId}/`}>{u.title}</a> {u.status === 'draft' ? MESSAGES.draft : ''}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <form method="post" action={`/admin/media/${item.id}/delete/`} class="danger-zone">
              <h2>{MESSAGES.deleteHeading}</h2>
              <p>{MESSAGES.deleteHint}</p>
              <CsrfField token={props.csrfToken} />
              <button type="submit">{MESSAGES.deleteButton}</button>
            </form>
          )}
        </div>
      </div>
    </AdminLayout>
  );
}
