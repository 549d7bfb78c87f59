import type { Messages } from '../../i18n/messages.ts';
import type { PostStatus, Correction } from '../../domain/posts.ts';
import type { SafeHtml } from '../../domain/safe-html.ts';
import { MAX_PINNED_SHOWN } from '../../domain/settings.ts';
import { SOURCE_ROLES } from '../../domain/sources.ts';
import { POST_LABELS } from '../../domain/terms.ts';
import type { ShownImage } from '../../domain/media.ts';
import { Picture } from '../components/picture.tsx';
import { SafeHtmlBlock } from '../components/safe-html.tsx';
import type { PageLocale } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, FieldError, type FieldErrors } from './fields.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from './post-fields.tsx';

export interface SourceRowValues {
  name: string;
  url: string;
  role: string;
  language: string;
}

/** The editor's fields exactly as typed, to show again. */
export interface PostFormValues {
  title: string;
  slug: string;
  excerpt: string;
  body: string;
  label: string;
  categories: string;
  tags: string;
  commentsOpen: boolean;
  /** Pinned to the top of the home page (editors and above see the box). */
  pinned: boolean;
  /** datetime-local text, read in the site's time zone. */
  publishAt: string;
  sources: SourceRowValues[];
  /** The post version the form was loaded from ('' for a new post). */
  version: string;
  /** The featured image's id in the library ('' for none), and its details as typed. */
  featuredMedia: string;
  featuredAlt: string;
  featuredCaption: string;
  featuredCredit: string;
  featuredCreditSource: string;
}

/** The stored post the form edits; null for a new one. */
export interface EditedPost {
  id: number;
  authorName: string;
  status: PostStatus;
  publishedAt: Date | null;
  state: 'draft' | 'scheduled' | 'published';
  permalink: string | null;
  corrections: Correction[];
  /** When it was last saved. */
  updatedAt: Date;
}

export interface PostEditorPageProps extends AdminChrome {
  post: EditedPost | null;
  values: PostFormValues;
  errors: FieldErrors;
  /** Which buttons this user gets for this post. */
  mayPublish: boolean;
  mayCorrect: boolean;
  /** Editors and above pin posts to the home page; others do not see the box. */
  mayPin?: boolean;
  /** Suggestions for the outlet fields. */
  outlets: readonly string[];
  preview: { title: string; html: SafeHtml } | null;
  /** Someone saved the post after this form was loaded: what they saved, to look at before saving again. */
  conflict: { revisionPath: string; savedBy: string | null; savedAt: Date } | null;
  notice: string | null;
  correction: { value: string; error: string | null };
  sourceRows: number;
  /** The site's time zone (an IANA name), in which "Publish at" is entered and shown. */
  timeZone: string;
  /** The editor's script (preview as you type); the page works without it. */
  script: string | null;
  /** Photos to choose a featured image from, newest first, the post's own among them. */
  photos?: ReadonlyArray<{ id: number; label: string }>;
  /** The chosen featured image, to show. */
  featured?: ShownImage | null;
  creditSources?: ReadonlyArray<{ slug: string; name: string }>;
}

function FeaturedImageFields(props: {
  i18n: Messages;
  values: PostFormValues;
  errors: FieldErrors;
  photos: ReadonlyArray<{ id: number; label: string }>;
  featured: ShownImage | null;
  creditSources: ReadonlyArray<{ slug: string; name: string }>;
}) {
  const { values, errors } = props;
  const { t } = props.i18n;
  return (
    <fieldset class="editor-featured">
      <legend>{t('admin.featured.legend')}</legend>
      <p class="field-hint">
        {t('admin.featured.hint')} <a href="/admin/media/">{t('admin.featured.library')}</a>
      </p>
      {props.featured ? <Picture image={props.featured} sizes="16rem" class="editor-featured-preview" /> : ''}
      <SelectField
        name="featured_media"
        label={t('admin.featured.choose')}
        value={values.featuredMedia}
        options={[['', t('admin.featured.none')], ...props.photos.map((p) => [String(p.id), p.label] as const)]}
        errors={errors}
      />
      <div class="field">
        <label for="featured_upload">{t('admin.featured.upload')}</label>
        <span class="field-hint" id="featured_upload-hint">
          {t('admin.featured.uploadHint')}
        </span>
        <input
          id="featured_upload"
          name="featured_upload"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/avif,image/gif,image/heic,image/heif"
          aria-invalid={errors.featured_upload ? 'true' : undefined}
          aria-describedby={errors.featured_upload ? 'featured_upload-hint featured_upload-error' : 'featured_upload-hint'}
        />
        <FieldError id="featured_upload" message={errors.featured_upload} />
      </div>
      <TextField name="featured_alt" label={t('admin.featured.alt')} value={values.featuredAlt} errors={errors} hint={t('admin.featured.altHint')} />
      <TextField name="featured_caption" label={t('admin.featured.caption')} value={values.featuredCaption} errors={errors} />
      <div class="editor-columns">
        <TextField
          name="featured_credit"
          label={t('admin.featured.credit')}
          value={values.featuredCredit}
          errors={errors}
          hint={t('admin.featured.creditHint')}
        />
        <SelectField
          name="featured_credit_source"
          label={t('admin.featured.creditSource')}
          value={values.featuredCreditSource}
          options={[['', t('admin.featured.none')], ...props.creditSources.map((s) => [s.slug, s.name] as const)]}
          errors={errors}
        />
      </div>
    </fieldset>
  );
}

function stateText(i18n: PageLocale, post: EditedPost): string {
  if (post.state === 'draft' || !post.publishedAt) return i18n.t('admin.posts.state.draft');
  const date = i18n.dateTime(post.publishedAt);
  return post.state === 'scheduled' ? i18n.t('admin.editor.scheduledFor', { date }) : i18n.t('admin.editor.publishedOn', { date });
}

function SourceRow({ index, row, errors, i18n }: { index: number; row: SourceRowValues; errors: FieldErrors; i18n: PageLocale }) {
  const { t } = i18n;
  const key = (part: string) => `source_${index}_${part}`;
  return (
    <fieldset class="source-row">
      <legend>{t('admin.editor.source', { number: index + 1 })}</legend>
      <TextField name={key('name')} label={t('admin.editor.outlet')} value={row.name} errors={errors} list="outlets" />
      <TextField name={key('url')} label={t('admin.editor.sourceLink')} value={row.url} errors={errors} type="url" />
      <SelectField
        name={key('role')}
        label={t('admin.editor.usedAs')}
        value={row.role}
        options={SOURCE_ROLES.map((r) => [r, t(`admin.editor.role.${r}`)] as const)}
        errors={errors}
      />
      <TextField
        name={key('language')}
        label={t('admin.editor.sourceLanguage')}
        value={row.language}
        errors={errors}
        hint={t('admin.editor.sourceLanguageHint')}
        dir="ltr"
      />
    </fieldset>
  );
}

export function PostEditorPage(props: PostEditorPageProps) {
  const { post, values, errors, i18n } = props;
  const { t } = i18n;
  const action = post ? `/admin/posts/${post.id}/` : '/admin/posts/new/';
  const rows = Array.from({ length: props.sourceRows }, (_, i) => values.sources[i] ?? { name: '', url: '', role: 'original', language: '' });
  const formErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k !== 'form'));
  return (
    <AdminLayout {...props} title={post ? t('admin.editor.editTitle') : t('admin.editor.newTitle')} section="posts" notice={props.notice}>
      {props.conflict ? (
        <div class="admin-warning" role="alert">
          <p>
            {props.conflict.savedBy
              ? t('admin.editor.conflictBy', { name: props.conflict.savedBy, date: i18n.dateTime(props.conflict.savedAt) })
              : t('admin.editor.conflict', { date: i18n.dateTime(props.conflict.savedAt) })}
          </p>
          <p>
            {i18n.rich('admin.editor.conflictHelp', {
              theirs: <a href={props.conflict.revisionPath}>{t('admin.editor.conflictTheirs')}</a>,
              reload: <a href={action}>{t('admin.editor.conflictReload')}</a>,
            })}
          </p>
        </div>
      ) : (
        ''
      )}
      <ErrorSummary errors={formErrors} message={errors.form ?? null} i18n={i18n} />
      {post ? (
        <p class="post-state">
          {stateText(i18n, post)} · {i18n.rich('admin.editor.byAuthor', { name: <bdi>{post.authorName}</bdi> })} ·{' '}
          <time datetime={post.updatedAt.toISOString()}>{t('admin.editor.lastSaved', { date: i18n.dateTime(post.updatedAt) })}</time>
          {post.permalink ? (
            <>
              {' '}
              · <a href={post.permalink}>{t('admin.editor.viewPost')}</a>
            </>
          ) : (
            ''
          )}{' '}
          · <a href={`/admin/posts/${post.id}/revisions/`}>{t('admin.editor.revisions')}</a>
        </p>
      ) : (
        ''
      )}
      <form method="post" action={action} class="post-editor" enctype="multipart/form-data" data-drop-target="featured_upload" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="version" value={values.version} />
        <TextField name="title" label={t('admin.editor.title')} value={values.title} errors={errors} />
        <TextField name="slug" label={t('admin.editor.slug')} value={values.slug} errors={errors} hint={t('admin.editor.slugHint')} />
        <TextAreaField
          name="body"
          label={t('admin.editor.body')}
          value={values.body}
          errors={errors}
          rows={18}
          class="field-body"
          hint={t('admin.editor.bodyHint')}
        />
        <TextAreaField name="excerpt" label={t('admin.editor.excerpt')} value={values.excerpt} errors={errors} rows={3} hint={t('admin.editor.excerptHint')} />
        <div class="editor-columns">
          <TextField name="categories" label={t('admin.editor.categories')} value={values.categories} errors={errors} hint={t('admin.editor.categoriesHint')} />
          <TextField name="tags" label={t('admin.editor.tags')} value={values.tags} errors={errors} hint={t('admin.editor.tagsHint')} />
          <SelectField
            name="label"
            label={t('admin.editor.label')}
            value={values.label}
            options={[['', t('admin.editor.noLabel')], ...POST_LABELS.map((l) => [l, t(`post.label.${l}`)] as const)]}
            errors={errors}
          />
        </div>
        <fieldset class="editor-sources">
          <legend>{t('admin.editor.sources')}</legend>
          <p class="field-hint">{t('admin.editor.sourcesHint')}</p>
          {rows.map((row, i) => (
            <SourceRow index={i} row={row} errors={errors} i18n={i18n} />
          ))}
          <datalist id="outlets">
            {props.outlets.map((name) => (
              <option value={name} />
            ))}
          </datalist>
        </fieldset>
        <FeaturedImageFields
          i18n={props.i18n}
          values={values}
          errors={errors}
          photos={props.photos ?? []}
          featured={props.featured ?? null}
          creditSources={props.creditSources ?? []}
        />
        <CheckboxField name="comments_open" label={t('admin.editor.commentsOpen')} checked={values.commentsOpen} />
        <fieldset class="editor-publishing">
          <legend>{t('admin.editor.publishing')}</legend>
          {props.mayPublish ? (
            <TextField
              name="publish_at"
              label={t('admin.editor.publishAt', { zone: props.timeZone })}
              value={values.publishAt}
              errors={errors}
              type="datetime-local"
              hint={t('admin.editor.publishAtHint', { zone: props.timeZone })}
            />
          ) : (
            <p class="field-hint">{t('admin.editor.draftsOnly')}</p>
          )}
          {props.mayPin ? (
            <>
              <input type="hidden" name="pinned_shown" value="1" />
              <CheckboxField name="pinned" label={t('admin.sticky.pin')} checked={values.pinned} />
              <p class="field-hint">{t('admin.sticky.pinHint', { count: MAX_PINNED_SHOWN })}</p>
            </>
          ) : (
            ''
          )}
          <div class="editor-buttons">
            <button type="submit" name="action" value="save">
              {post && post.status === 'published' ? t('admin.editor.update') : t('admin.editor.saveDraft')}
            </button>
            <button type="submit" name="action" value="preview" class="secondary">
              {t('admin.editor.preview')}
            </button>
            {props.mayPublish && post?.state !== 'published' ? (
              <button type="submit" name="action" value="publish">
                {t('admin.editor.publishNow')}
              </button>
            ) : (
              ''
            )}
            {props.mayPublish ? (
              <button type="submit" name="action" value="schedule">
                {t('admin.editor.schedule')}
              </button>
            ) : (
              ''
            )}
            {props.mayPublish && post?.status === 'published' ? (
              <button type="submit" name="action" value="unpublish" class="secondary">
                {t('admin.editor.unpublish')}
              </button>
            ) : (
              ''
            )}
          </div>
        </fieldset>
      </form>
      {props.preview ? (
        <section class="post-preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t('admin.editor.preview')}</h2>
          <div class="preview-frame">
            <p class="preview-title" dir="auto">
              {props.preview.title}
            </p>
            <SafeHtmlBlock class="article-body" html={props.preview.html} />
          </div>
        </section>
      ) : (
        ''
      )}
      {post && props.mayCorrect ? (
        <section aria-labelledby="corrections-heading">
          <h2 id="corrections-heading">{t('admin.editor.corrections')}</h2>
          {post.corrections.length > 0 ? (
            <ul class="editor-corrections">
              {post.corrections.map((c) => (
                <li>
                  <time datetime={c.createdAt.toISOString()}>{i18n.date(c.createdAt)}</time>: {c.body}
                </li>
              ))}
            </ul>
          ) : (
            ''
          )}
          <form method="post" action={`/admin/posts/${post.id}/corrections/`}>
            <CsrfField token={props.csrfToken} />
            <TextAreaField
              name="correction"
              label={t('admin.editor.addCorrection')}
              value={props.correction.value}
              errors={props.correction.error ? { correction: props.correction.error } : {}}
              rows={3}
              hint={t('admin.editor.correctionHint')}
            />
            <button type="submit">{t('admin.editor.addCorrectionButton')}</button>
          </form>
        </section>
      ) : (
        ''
      )}
      {props.script ? <script src={props.script} defer></script> : ''}
    </AdminLayout>
  );
}
