import { Hono, type Context } from 'hono';
import { DomainError, NotFoundError } from '../../domain/errors.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { addMenuItem, loadMenusForAdmin, loadMenuTargets, moveMenuItem, removeMenuItem, type MenuTargets } from '../../services/menus.ts';
import { MenusPage, type MenusPageProps } from '../../views/admin/menus-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { fieldErrorsOf } from '../forms/field-messages.ts';
import { emptyMenuItemForm, parseMenuItemForm } from '../forms/menu-form.ts';
import { parseId } from '../forms/route-params.ts';
import { renderPage } from '../render.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminChrome, requireAction } from './guard.tsx';

/** Confirmations shown after a change, by the query string the redirect carries. */
const NOTICES: Readonly<Record<string, MessageKey>> = {
  added: 'admin.menus.notice.added',
  removed: 'admin.menus.notice.removed',
  moved: 'admin.menus.notice.moved',
};

function idParam(value: string | undefined): number {
  const id = parseId(value);
  if (id === undefined) throw new NotFoundError('Menu item');
  return id;
}

/** The name a target ("page:3", "tag:7") is known by, for an item added without a label. */
function nameIn(targets: MenuTargets, target: string): string | undefined {
  const [kind, id] = target.split(':');
  const n = Number(id);
  if (kind === 'page') return targets.pages.find((p) => p.id === n)?.title;
  if (kind === 'category') return targets.categories.find((t) => t.id === n)?.name;
  if (kind === 'tag') return targets.tags.find((t) => t.id === n)?.name;
  if (kind === 'source') return targets.sources.find((s) => s.id === n)?.name;
  return undefined;
}

/** The header and footer menus at /admin/menus/, for editors and above; every change is a plain form. */
export function menusRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  type PageState = Pick<MenusPageProps, 'values' | 'errors'> & { notice: MessageKey | null };
  const page = async (c: Context<AdminEnv>, { notice, ...state }: PageState, status: 200 | 422 = 200, targets?: MenuTargets) => {
    const chrome = await adminChrome(deps, c);
    return renderPage(
      c,
      <MenusPage
        {...chrome}
        menus={await loadMenusForAdmin(db)}
        targets={targets ?? (await loadMenuTargets(db))}
        notice={notice ? chrome.i18n.t(notice) : null}
        {...state}
      />,
      status,
    );
  };

  app.get('/admin/menus/', async (c) => {
    requireAction(c, 'manage_pages');
    return page(c, { values: emptyMenuItemForm(), errors: {}, notice: NOTICES[c.req.query('done') ?? ''] ?? null });
  });

  app.post('/admin/menus/', async (c) => {
    requireAction(c, 'manage_pages');
    const targets = await loadMenuTargets(db);
    const { i18n } = await adminChrome(deps, c);
    const form = parseMenuItemForm(c.get('form'), (target) => nameIn(targets, target), i18n);
    if (!form.ok) return page(c, { values: form.values, errors: form.errors, notice: null }, 422, targets);
    try {
      await addMenuItem(db, form.item, now());
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return page(c, { values: form.values, errors: fieldErrorsOf(i18n, error, 'target'), notice: null }, 422, targets);
    }
    return c.redirect('/admin/menus/?done=added', 303);
  });

  app.post('/admin/menus/:id/remove/', async (c) => {
    requireAction(c, 'manage_pages');
    await removeMenuItem(db, idParam(c.req.param('id')), now());
    return c.redirect('/admin/menus/?done=removed', 303);
  });

  app.post('/admin/menus/:id/move/', async (c) => {
    requireAction(c, 'manage_pages');
    const direction = c.get('form').direction;
    if (direction !== 'up' && direction !== 'down') throw new DomainError('invalid', (await adminChrome(deps, c)).i18n.t('admin.menus.moveDirection'));
    await moveMenuItem(db, idParam(c.req.param('id')), direction, now());
    return c.redirect('/admin/menus/?done=moved', 303);
  });

  return app;
}
