import { Hono, type Context } from 'hono';
import { ImageRefusedError, loadSiteIdentity, prepareIcon, prepareLogo, saveSiteIdentity, type SiteImage } from '../../services/identity.ts';
import { loadSiteSettings, updateSiteSettings } from '../../services/settings.ts';
import { IdentityPage, MESSAGES as IDENTITY_MESSAGES, type IdentityFormValues } from '../../views/admin/identity-page.tsx';
import type { FieldErrors } from '../../views/admin/fields.tsx';
import { LANGUAGES, messagesFor } from '../../i18n/messages.ts';
import { SettingsPage, type SettingsPageProps } from '../../views/admin/settings-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { identityFormValues, parseIdentityForm } from '../forms/identity-form.ts';
import { parseSettingsForm, settingsFormValues } from '../forms/settings-form.ts';
import { siteLook } from '../public/identity.ts';
import { renderPage } from '../render.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminChrome, requireAction } from './guard.tsx';

/** Site settings and discussion rules at /admin/settings/, for administrators and the owner. */
export function settingsRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  const languages = LANGUAGES.map((code) => ({ code, name: messagesFor(code).t('language.name') }));
  const page = async (
    c: Context<AdminEnv>,
    props: Omit<SettingsPageProps, keyof Awaited<ReturnType<typeof adminChrome>> | 'languages'>,
    status: 200 | 422 = 200,
  ) => renderPage(c, <SettingsPage {...(await adminChrome(deps, c))} {...props} languages={languages} />, status);

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

  const identityPage = async (c: Context<AdminEnv>, values: IdentityFormValues, errors: FieldErrors, notice: string | null, status: 200 | 422 = 200) => {
    const look = await siteLook(db);
    const icon = look.icons.find((i) => i.sizes === '192x192');
    return renderPage(
      c,
      <IdentityPage
        {...(await adminChrome(deps, c))}
        values={values}
        errors={errors}
        notice={notice}
        logo={look.logo}
        icon={icon ? { src: icon.href } : undefined}
      />,
      status,
    );
  };

  app.get('/admin/settings/identity/', async (c) => {
    requireAction(c, 'manage_settings');
    return identityPage(c, identityFormValues(await loadSiteIdentity(db)), {}, c.req.query('saved') === '1' ? IDENTITY_MESSAGES.saved : null);
  });

  app.post('/admin/settings/identity/', async (c) => {
    requireAction(c, 'manage_settings');
    const form = parseIdentityForm(c.get('form'));
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    // Both images are checked, so that each refusal is shown at once beside its field.
    const images: SiteImage[] = [];
    const files = c.get('files');
    for (const [field, prepare] of [
      ['logo', prepareLogo],
      ['icon', prepareIcon],
    ] as const) {
      const sent = files[field] ?? [];
      if (sent.length === 0) continue;
      if (sent.length > 1) {
        errors[field] = IDENTITY_MESSAGES.errors.oneFile;
        continue;
      }
      try {
        images.push(...(await prepare(Buffer.from(sent[0]?.bytes ?? []))));
      } catch (error) {
        if (!(error instanceof ImageRefusedError)) throw error;
        errors[field] = IDENTITY_MESSAGES.errors.image[error.problem];
      }
    }
    if (!form.ok || Object.keys(errors).length > 0) return identityPage(c, form.values, errors, null, 422);
    await saveSiteIdentity(
      db,
      {
        identity: form.identity,
        images,
        removeLogo: form.values.removeLogo && !files.logo,
        removeIcon: form.values.removeIcon && !files.icon,
      },
      now(),
    );
    return c.redirect('/admin/settings/identity/?saved=1', 303);
  });

  return app;
}
