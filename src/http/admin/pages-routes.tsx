import { Hono, type Context } from 'hono';
import { DomainError, NotFoundError } from '../../domain/errors.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { deletePage, findPageDeletionBlockers, getPageForEditing, listPagesForAdmin, savePage, type Page } from '../../services/pages.ts';
import { PageDeletePage } from '../../views/admin/page-delete-page.tsx';
import { PageEditorPage, type PageEditorPageProps } from '../../views/admin/page-editor-page.tsx';
import { PagesListPage } from '../../views/admin/pages-list-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { fieldErrorsOf } from '../forms/field-messages.ts';
import { emptyPageForm, pageFormValues, parsePageForm, type PageFormValues } from '../forms/page-form.ts';
import { parseId } from '../forms/route-params.ts';
import { renderPage } from '../render.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminChrome, requireAction } from './guard.tsx';

/** Confirmations shown after a save, by the query string the redirect carries. */
const NOTICES: Readonly<Record<string, MessageKey>> = {
  saved: 'admin.pages.notice.saved',
  published: 'admin.pages.notice.published',
};

function idParam(value: string | undefined): number {
  const id = parseId(value);
  if (id === undefined) throw new NotFoundError('Page');
  return id;
}

/** Static pages at /admin/pages/, for editors and above. */
export function pagesRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  type EditorState = Pick<PageEditorPageProps, 'values' | 'errors' | 'conflict'> & { notice?: string | null };

  const editorPage = async (c: Context<AdminEnv>, page: Page | null, state: EditorState, status: 200 | 409 | 422 = 200) => {
    const all = await listPagesForAdmin(db);
    // Not itself, and nothing below it: a page cannot sit under its own sub-page.
    const parents = page ? all.filter((p) => p.id !== page.id && !p.path.startsWith(`${page.path}/`)) : all;
    return renderPage(
      c,
      <PageEditorPage
        {...(await adminChrome(deps, c))}
        page={page && { id: page.id, path: page.path, status: page.status }}
        parents={parents.map((p) => ({ id: p.id, title: p.title, path: p.path }))}
        {...state}
      />,
      status,
    );
  };

  app.get('/admin/pages/', async (c) => {
    requireAction(c, 'manage_pages');
    const pages = await listPagesForAdmin(db);
    const chrome = await adminChrome(deps, c);
    // A fixed word, not the title: a link someone sends cannot put words of theirs in the notice.
    const notice = c.req.query('done') === 'deleted' ? chrome.i18n.t('admin.pages.notice.deleted') : null;
    return renderPage(c, <PagesListPage {...chrome} pages={pages} notice={notice} />);
  });

  app.get('/admin/pages/new/', async (c) => {
    requireAction(c, 'manage_pages');
    return editorPage(c, null, { values: emptyPageForm(), errors: {} });
  });

  app.get('/admin/pages/:id/', async (c) => {
    requireAction(c, 'manage_pages');
    const page = await getPageForEditing(db, idParam(c.req.param('id')));
    const notice = NOTICES[c.req.query('saved') ?? ''];
    return editorPage(c, page, { values: pageFormValues(page), errors: {}, notice: notice ? (await adminChrome(deps, c)).i18n.t(notice) : null });
  });

  const save = async (c: Context<AdminEnv>, id: number | undefined) => {
    const session = requireAction(c, 'manage_pages');
    const current = id === undefined ? null : await getPageForEditing(db, id);
    const { i18n } = await adminChrome(deps, c);
    const form = parsePageForm(c.get('form'), i18n);
    if (!form.ok) return editorPage(c, current, { values: form.values, errors: form.errors }, 422);
    try {
      const saved = await savePage(db, { id, draft: form.draft, authorId: session.user.authorId, baseVersion: form.version }, now());
      return c.redirect(`/admin/pages/${saved.id}/?saved=${form.draft.status === 'published' ? 'published' : 'saved'}`, 303);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'conflict' && id !== undefined) {
        // Someone saved it since this form was loaded: both texts on one page, nothing lost. The
        // form now carries their version, so saving it again is a choice made having seen theirs.
        const theirs = await getPageForEditing(db, id);
        const values = { ...(form.values as PageFormValues), version: theirs.updatedAt.toISOString() };
        return editorPage(c, theirs, { values, errors: {}, conflict: { title: theirs.title, body: theirs.bodyMarkdown, savedAt: theirs.updatedAt } }, 409);
      }
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return editorPage(c, current, { values: form.values as PageFormValues, errors: fieldErrorsOf(i18n, error) }, 422);
    }
  };

  app.post('/admin/pages/new/', (c) => save(c, undefined));
  app.post('/admin/pages/:id/', (c) => save(c, idParam(c.req.param('id'))));

  const deletePageView = async (c: Context<AdminEnv>, page: Page, status: 200 | 409) => {
    const blockers = await findPageDeletionBlockers(db, page.id);
    return renderPage(
      c,
      <PageDeletePage
        {...(await adminChrome(deps, c))}
        page={{ id: page.id, title: page.title, path: page.path, status: page.status }}
        childPages={blockers.children}
        menuItems={blockers.menuItems}
      />,
      status,
    );
  };

  app.get('/admin/pages/:id/delete/', async (c) => {
    requireAction(c, 'manage_pages');
    return deletePageView(c, await getPageForEditing(db, idParam(c.req.param('id'))), 200);
  });

  app.post('/admin/pages/:id/delete/', async (c) => {
    requireAction(c, 'manage_pages');
    const id = idParam(c.req.param('id'));
    try {
      await deletePage(db, id, now());
      return c.redirect('/admin/pages/?done=deleted', 303);
    } catch (error) {
      // Something came to depend on it since the confirmation was shown: the list of what, again.
      if (error instanceof DomainError && error.code === 'conflict') return deletePageView(c, await getPageForEditing(db, id), 409);
      throw error;
    }
  });
  return app;
}
