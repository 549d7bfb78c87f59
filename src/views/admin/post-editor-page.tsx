import type { PostStatus, Correction } from '../../domain/posts.ts';
import type { SafeHtml } from '../../domain/safe-html.ts';
import { SOURCE_ROLES } from '../../domain/sources.ts';
import { labelName, POST_LABELS } from '../../domain/terms.ts';
import type { ShownImage } from '../../domain/media.ts';
import { Picture } from '../components/picture.tsx';
import { SafeHtmlBlock } from '../components/safe-html.tsx';
import { formatDate, formatDateTime } from '../format.ts';
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

/** Words an editor sees about a post's featured image, together for translation. */
const FEATURED_MESSAGES = {
  legend: 'Featured image',
  hint: 'Shown at the top of the post, on its card in lists, in feeds and when it is shared.',
  choose: 'Photo from the library',
  none: 'None',
  upload: 'Or upload a photo',
  uploadHint: 'JPEG, PNG, WebP, AVIF or GIF. It becomes the featured image and joins the library.',
  alt: 'Alt text',
  altHint: 'What the photo shows, for readers who cannot see it. Needed to publish.',
  caption: 'Caption',
  credit: 'Credit',
  creditHint: 'As printed under the photo, e.g. “Photo: Reuters”.',
  creditSource: 'Credit links to source',
  library: 'Open the photo library',
} as const;

/** The stored post the form edits; null for a new one. */
export interface EditedPost {
  id: number;
  authorName: string;
  status: PostStatus;
  publishedAt: Date | null;
  state: 'draft' | 'scheduled' | 'published';
  permalink: string | null;
  corrections: Correction[];
}

export interface PostEditorPageProps extends AdminChrome {
  post: EditedPost | null;
  values: PostFormValues;
  errors: FieldErrors;
  /** Which buttons this user gets for this post. */
  mayPublish: boolean;
  mayCorrect: boolean;
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
  values: PostFormValues;
  errors: FieldErrors;
  photos: ReadonlyArray<{ id: number; label: string }>;
  featured: ShownImage | null;
  creditSources: ReadonlyArray<{ slug: string; name: string }>;
}) {
  const { values, errors } = props;
  return (
    <fieldset class="editor-featured">
      <legend>{FEATURED_MESSAGES.legend}</legend>
      <p class="field-hint">
        {FEATURED_MESSAGES.hint} <a href="/admin/media/">{FEATURED_MESSAGES.library}</a>
      </p>
      {props.featured ? <Picture image={props.featured} sizes="16rem" class="editor-featured-preview" /> : ''}
      <SelectField
        name="featured_media"
        label={FEATURED_MESSAGES.choose}
        value={values.featuredMedia}
        options={[['', FEATURED_MESSAGES.none], ...props.photos.map((p) => [String(p.id), p.label] as const)]}
        errors={errors}
      />
      <div class="field">
        <label for="featured_upload">{FEATURED_MESSAGES.upload}</label>
        <span class="field-hint" id="featured_upload-hint">
          {FEATURED_MESSAGES.uploadHint}
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
      <TextField name="featured_alt" label={FEATURED_MESSAGES.alt} value={values.featuredAlt} errors={errors} hint={FEATURED_MESSAGES.altHint} />
      <TextField name="featured_caption" label={FEATURED_MESSAGES.caption} value={values.featuredCaption} errors={errors} />
      <div class="editor-columns">
        <TextField name="featured_credit" label={FEATURED_MESSAGES.credit} value={values.featuredCredit} errors={errors} hint={FEATURED_MESSAGES.creditHint} />
        <SelectField
          name="featured_credit_source"
          label={FEATURED_MESSAGES.creditSource}
          value={values.featuredCreditSource}
          options={[['', FEATURED_MESSAGES.none], ...props.creditSources.map((s) => [s.slug, s.name] as const)]}
          errors={errors}
        />
      </div>
    </fieldset>
  );
}

function stateText(post: EditedPost): string {
  if (post.state === 'draft') return 'Draft';
  if (post.state === 'scheduled') return `Scheduled for ${formatDateTime(post.publishedAt!)}`;
  return `Published ${formatDateTime(post.publishedAt!)}`;
}

function SourceRow({ index, row, errors }: { index: number; row: SourceRowValues; errors: FieldErrors }) {
  const key = (part: string) => `source_${index}_${part}`;
  return (
    <fieldset class="source-row">
      <legend>Source {index + 1}</legend>
      <TextField name={key('name')} label="Outlet" value={row.name} errors={errors} list="outlets" />
      <TextField name={key('url')} label="Link (optional)" value={row.url} errors={errors} type="url" />
      <SelectField name={key('role')} label="Used as" value={row.role} options={SOURCE_ROLES.map((r) => [r, r] as const)} errors={errors} />
      <TextField name={key('language')} label="Language (optional)" value={row.language} errors={errors} hint="e.g. ru, en" />
    </fieldset>
  );
}

export function PostEditorPage(props: PostEditorPageProps) {
  const { post, values, errors } = props;
  const action = post ? `/admin/posts/${post.id}/` : '/admin/posts/new/';
  const rows = Array.from({ length: props.sourceRows }, (_, i) => values.sources[i] ?? { name: '', url: '', role: 'original', language: '' });
  const formErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k !== 'form'));
  return (
    <AdminLayout {...props} title={post ? 'Edit post' : 'New post'} section="posts" notice={props.notice}>
      {props.conflict ? (
        <div class="admin-warning" role="alert">
          <p>
            Someone else saved this post after you opened it
            {props.conflict.savedBy ? ` (${props.conflict.savedBy}, ${formatDateTime(props.conflict.savedAt)})` : ''}. Nothing was overwritten: your text is
            still in the form below.
          </p>
          <p>
            <a href={props.conflict.revisionPath}>See the version they saved</a> (opens their revision), copy what you need, then{' '}
            <a href={action}>reload the post</a> and make your changes there.
          </p>
        </div>
      ) : (
        ''
      )}
      <ErrorSummary errors={formErrors} message={errors.form ?? null} />
      {post ? (
        <p class="post-state">
          {stateText(post)} · by {post.authorName}
          {post.permalink ? (
            <>
              {' '}
              · <a href={post.permalink}>View post</a>
            </>
          ) : (
            ''
          )}{' '}
          · <a href={`/admin/posts/${post.id}/revisions/`}>Revisions</a>
        </p>
      ) : (
        ''
      )}
      <form method="post" action={action} class="post-editor" enctype="multipart/form-data" data-drop-target="featured_upload" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="version" value={values.version} />
        <TextField name="title" label="Title" value={values.title} errors={errors} />
        <TextField
          name="slug"
          label="Slug"
          value={values.slug}
          errors={errors}
          hint="The post's address. Leave empty to make one from the title: lower-case letters, digits and hyphens."
        />
        <TextAreaField
          name="body"
          label="Body (Markdown)"
          value={values.body}
          errors={errors}
          rows={18}
          class="field-body"
          hint="Paragraphs are separated by an empty line; **bold**, _italic_, [link](https://…), > quote. With JavaScript on, Ctrl+S (⌘S) saves."
        />
        <TextAreaField
          name="excerpt"
          label="Excerpt (optional)"
          value={values.excerpt}
          errors={errors}
          rows={3}
          hint="Shown in lists and shared links. Leave empty to use the opening of the body."
        />
        <div class="editor-columns">
          <TextField name="categories" label="Categories" value={values.categories} errors={errors} hint="Separated by commas, e.g. World, Politics." />
          <TextField name="tags" label="Tags" value={values.tags} errors={errors} hint="Separated by commas, e.g. NATO, Ukraine." />
          <SelectField
            name="label"
            label="Label"
            value={values.label}
            options={[['', 'None'], ...POST_LABELS.map((l) => [l, labelName(l)] as const)]}
            errors={errors}
          />
        </div>
        <fieldset class="editor-sources">
          <legend>Sources</legend>
          <p class="field-hint">
            The outlets this post draws on. "Original" ones are credited as "Source: …"; an outlet typed here is the same source on every post that names it.
            Leave rows you do not need empty.
          </p>
          {rows.map((row, i) => (
            <SourceRow index={i} row={row} errors={errors} />
          ))}
          <datalist id="outlets">
            {props.outlets.map((name) => (
              <option value={name} />
            ))}
          </datalist>
        </fieldset>
        <FeaturedImageFields
          values={values}
          errors={errors}
          photos={props.photos ?? []}
          featured={props.featured ?? null}
          creditSources={props.creditSources ?? []}
        />
        <CheckboxField name="comments_open" label="Readers may comment" checked={values.commentsOpen} />
        <fieldset class="editor-publishing">
          <legend>Publishing</legend>
          {props.mayPublish ? (
            <TextField
              name="publish_at"
              label={`Publish at (${props.timeZone})`}
              value={values.publishAt}
              errors={errors}
              type="datetime-local"
              hint={`In the site's time zone, ${props.timeZone} (set under Settings), e.g. 2026-03-01 09:30. For Schedule, a time to come; on Publish now or Update, a past time dates the post then. Leave empty to publish now.`}
            />
          ) : (
            <p class="field-hint">Your role saves drafts; an editor publishes them.</p>
          )}
          <div class="editor-buttons">
            <button type="submit" name="action" value="save">
              {post && post.status === 'published' ? 'Update' : 'Save draft'}
            </button>
            <button type="submit" name="action" value="preview" class="secondary">
              Preview
            </button>
            {props.mayPublish && post?.state !== 'published' ? (
              <button type="submit" name="action" value="publish">
                Publish now
              </button>
            ) : (
              ''
            )}
            {props.mayPublish ? (
              <button type="submit" name="action" value="schedule">
                Schedule
              </button>
            ) : (
              ''
            )}
            {props.mayPublish && post?.status === 'published' ? (
              <button type="submit" name="action" value="unpublish" class="secondary">
                Unpublish
              </button>
            ) : (
              ''
            )}
          </div>
        </fieldset>
      </form>
      {props.preview ? (
        <section class="post-preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <div class="preview-frame">
            <p class="preview-title">{props.preview.title}</p>
            <SafeHtmlBlock class="article-body" html={props.preview.html} />
          </div>
        </section>
      ) : (
        ''
      )}
      {post && props.mayCorrect ? (
        <section aria-labelledby="corrections-heading">
          <h2 id="corrections-heading">Corrections</h2>
          {post.corrections.length > 0 ? (
            <ul class="editor-corrections">
              {post.corrections.map((c) => (
                <li>
                  <time datetime={c.createdAt.toISOString()}>{formatDate(c.createdAt)}</time>: {c.body}
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
              label="Add a correction"
              value={props.correction.value}
              errors={props.correction.error ? { correction: props.correction.error } : {}}
              rows={3}
              hint="Shown at the foot of the article with today's date, e.g. “An earlier version misstated the date of the meeting.”"
            />
            <button type="submit">Add correction</button>
          </form>
        </section>
      ) : (
        ''
      )}
      {props.script ? <script src={props.script} defer></script> : ''}
    </AdminLayout>
  );
}
