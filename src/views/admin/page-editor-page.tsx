import { pageHref } from '../../domain/pages.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary } from './fields.tsx';
import { SelectField, TextAreaField, TextField } from './post-fields.tsx';

/** What the page editor shows in its fields, as typed. */
export interface PageEditorValues {
  title: string;
  slug: string;
  body: string;
  parent: string;
  menuOrder: string;
  status: string;
}

export interface PageEditorPageProps extends AdminChrome {
  /** The page being edited; null for a new one. */
  page: { id: number; path: string; status: 'draft' | 'published' } | null;
  values: PageEditorValues;
  errors: Record<string, string>;
  /** Pages it may be put under: every page but itself and those below it. */
  parents: ReadonlyArray<{ id: number; title: string; path: string }>;
  notice?: string | null;
}

/** Words of the page editor an editor sees. */
const MESSAGES = {
  newTitle: 'New page',
  editTitle: 'Edit page',
  allPages: 'All pages',
  view: 'View page',
  draftState: 'Draft: readers do not see it.',
  publishedAt: 'Published at',
  title: 'Title',
  slug: 'Slug',
  slugHint:
    'The last part of the page’s address. Leave empty to make one from the title. Words the site uses itself (category, tag, feed, search…) cannot be used at the top level; a slug another page has gets a number ("about-2").',
  body: 'Text (Markdown)',
  bodyHint: 'Paragraphs are separated by an empty line; **bold**, _italic_, [link](https://…), > quote.',
  parent: 'Parent page',
  noParent: '(none: at the top level)',
  parentHint: 'A page under a parent is at /parent/page/.',
  menuOrder: 'Order',
  menuOrderHint: 'Pages with smaller numbers come first among pages with the same parent.',
  status: 'Status',
  draft: 'Draft',
  published: 'Published',
  save: 'Save page',
} as const;

export function PageEditorPage(props: PageEditorPageProps) {
  const { page, values, errors } = props;
  const action = page ? `/admin/pages/${page.id}/` : '/admin/pages/new/';
  const formErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k !== 'form'));
  return (
    <AdminLayout {...props} title={page ? MESSAGES.editTitle : MESSAGES.newTitle} section="pages" notice={props.notice}>
      <p>
        <a href="/admin/pages/">{MESSAGES.allPages}</a>
      </p>
      <ErrorSummary errors={formErrors} message={errors.form ?? null} />
      {page ? (
        <p class="post-state">
          {page.status === 'published' ? (
            <>
              {MESSAGES.publishedAt} <a href={pageHref(page.path)}>{`/${page.path}/`}</a>
            </>
          ) : (
            MESSAGES.draftState
          )}
        </p>
      ) : (
        ''
      )}
      <form method="post" action={action} class="post-editor" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextField name="title" label={MESSAGES.title} value={values.title} errors={errors} />
        <TextField name="slug" label={MESSAGES.slug} value={values.slug} errors={errors} hint={MESSAGES.slugHint} />
        <TextAreaField name="body" label={MESSAGES.body} value={values.body} errors={errors} rows={18} class="field-body" hint={MESSAGES.bodyHint} />
        <div class="editor-columns">
          <SelectField
            name="parent"
            label={MESSAGES.parent}
            value={values.parent}
            options={[['', MESSAGES.noParent], ...props.parents.map((p) => [String(p.id), `${p.title} (/${p.path}/)`] as const)]}
            errors={errors}
            hint={MESSAGES.parentHint}
          />
          <TextField name="menu_order" label={MESSAGES.menuOrder} value={values.menuOrder} errors={errors} hint={MESSAGES.menuOrderHint} />
          <SelectField
            name="status"
            label={MESSAGES.status}
            value={values.status}
            options={[
              ['draft', MESSAGES.draft],
              ['published', MESSAGES.published],
            ]}
            errors={errors}
          />
        </div>
        <div class="editor-buttons">
          <button type="submit">{MESSAGES.save}</button>
        </div>
      </form>
    </AdminLayout>
  );
}
