import { Hono, type Context } from 'hono';
import { loadSiteSettings, updateSiteSettings } from '../../services/settings.ts';
import { SettingsPage, type SettingsPageProps } from '../../views/admin/settings-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { parseSettingsForm, settingsFormValues } from '../forms/settings-form.ts';
import { renderPage } from '../render.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminChrome, requireAction } from './guard.tsx';

/** Site settings and discussion rules at /admin/settings/, for administrators and the owner. */
export function settingsRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  const page = async (c: Context<AdminEnv>, props: Omit<SettingsPageProps, keyof Awaited<ReturnType<typeof adminChrome>>>, status: 200 | 422 = 200) =>
    renderPage(c, <SettingsPage {...(await adminChrome(deps, c))} {...props} />, status);

  app.get('/admin/settings/', async (c) => {
    requireAction(c, 'manage_settings');
    const values = settingsFormValues(await loadSiteSettings(db));
    return page(c, { values, errors: {}, notice: c.req.query('saved') === '1' ? 'Settings saved.' : null });
  });

  app.post('/admin/settings/', async (c) => {
    requireAction(c, 'manage_settings');
    const form = parseSettingsForm(c.get('form'));
    if (!form.ok) return page(c, { values: form.values, errors: form.errors, notice: null }, 422);
    await updateSiteSettings(deps.database, form.settings, now());
    return c.redirect('/admin/settings/?saved=1', 303);
  });

  return app;
}
