import { Hono, type Context } from 'hono';
import {
  ImageRefusedError,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  MIN_ICON_SIZE,
  loadSiteIdentity,
  prepareIcon,
  prepareLogo,
  saveSiteIdentity,
  type SiteImage,
} from '../../services/identity.ts';
import { loadSiteSettings, updateSiteSettings } from '../../services/settings.ts';
import { IdentityPage, type IdentityFormValues } from '../../views/admin/identity-page.tsx';
import type { AdminChrome } from '../../views/admin/admin-layout.tsx';
import type { FieldErrors } from '../../views/admin/fields.tsx';
import { LANGUAGES, messagesFor } from '../../i18n/messages.ts';
import { SettingsPage, type SettingsPageProps } from '../../views/admin/settings-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { identityFormValues, parseIdentityForm } from '../forms/identity-form.ts';
import { parseSettingsForm, settingsFormValues } from '../forms/settings-form.ts';
import { identityScriptPath } from '../public/assets.ts';
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
  const page = async (c: Context<AdminEnv>, chrome: AdminChrome, props: Omit<SettingsPageProps, keyof AdminChrome | 'languages'>, status: 200 | 422 = 200) =>
    renderPage(c, <SettingsPage {...chrome} {...props} languages={languages} />, status);

  app.get('/admin/settings/', async (c) => {
    requireAction(c, 'manage_settings');
    const values = settingsFormValues(await loadSiteSettings(db));
    const chrome = await adminChrome(deps, c);
    return page(c, chrome, { values, errors: {}, notice: c.req.query('saved') === '1' ? chrome.i18n.t('admin.settings.saved') : null });
  });

  app.post('/admin/settings/', async (c) => {
    requireAction(c, 'manage_settings');
    const chrome = await adminChrome(deps, c);
    const form = parseSettingsForm(c.get('form'), chrome.i18n);
    if (!form.ok) return page(c, chrome, { values: form.values, errors: form.errors, notice: null }, 422);
    await updateSiteSettings(deps.database, form.settings, now());
    return c.redirect('/admin/settings/?saved=1', 303);
  });

  const identityPage = async (
    c: Context<AdminEnv>,
    chrome: AdminChrome,
    values: IdentityFormValues,
    errors: FieldErrors,
    notice: string | null,
    status: 200 | 422 = 200,
  ) => {
    const look = await siteLook(db);
    const icon = look.icons.find((i) => i.sizes === '192x192');
    return renderPage(
      c,
      <IdentityPage
        {...chrome}
        values={values}
        errors={errors}
        notice={notice}
        logo={look.logo}
        icon={icon ? { src: icon.href } : undefined}
        script={identityScriptPath()}
        limits={{ megabytes: MAX_IMAGE_BYTES / 1024 / 1024, iconPixels: MIN_ICON_SIZE }}
      />,
      status,
    );
  };

  app.get('/admin/settings/identity/', async (c) => {
    requireAction(c, 'manage_settings');
    const chrome = await adminChrome(deps, c);
    return identityPage(
      c,
      chrome,
      identityFormValues(await loadSiteIdentity(db)),
      {},
      c.req.query('saved') === '1' ? chrome.i18n.t('admin.identity.saved') : null,
    );
  });

  app.post('/admin/settings/identity/', async (c) => {
    requireAction(c, 'manage_settings');
    const chrome = await adminChrome(deps, c);
    const { t } = chrome.i18n;
    const form = parseIdentityForm(c.get('form'), chrome.i18n);
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
        errors[field] = t('admin.identity.error.oneFile');
        continue;
      }
      try {
        images.push(...(await prepare(Buffer.from(sent[0]?.bytes ?? []))));
      } catch (error) {
        if (!(error instanceof ImageRefusedError)) throw error;
        errors[field] = t(`admin.identity.error.image.${error.problem}`, {
          megabytes: MAX_IMAGE_BYTES / 1024 / 1024,
          megapixels: MAX_IMAGE_PIXELS / 1_000_000,
          pixels: MIN_ICON_SIZE,
        });
      }
    }
    if (!form.ok || Object.keys(errors).length > 0) return identityPage(c, chrome, form.values, errors, null, 422);
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
