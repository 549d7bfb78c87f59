// The post editor's preview as you type, and Ctrl+S (⌘S) to save. The form works without this: its Preview button asks
// the server for the same page. This only sends that request by itself, a moment after typing
// stops, and puts the preview it gets back below the form. No inline script or handler, so a
// strict Content-Security-Policy (script-src 'self') allows it.
(() => {
  const form = document.querySelector('form.post-editor');
  const body = form?.querySelector('textarea[name="body"]');
  if (!form || !body || !window.fetch || !window.DOMParser) return;
  /** Milliseconds of quiet before asking for a preview: one request per pause, not per key. */
  const QUIET_MS = 700;
  let timer;
  let latest = 0;
  const refresh = async () => {
    const request = ++latest;
    const fields = new FormData(form);
    fields.set('action', 'preview');
    try {
      // getAttribute, not form.action: the form's buttons are named "action" and shadow the property.
      const response = await fetch(form.getAttribute('action'), { method: 'POST', body: new URLSearchParams(fields), credentials: 'same-origin' });
      if (!response.ok || request !== latest) return;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = page.querySelector('.post-preview');
      if (!fresh) return;
      const current = document.querySelector('.post-preview');
      if (current) current.replaceWith(document.importNode(fresh, true));
      else form.after(document.importNode(fresh, true));
    } catch {
      // Offline or signed out: the Preview button still works and says what is wrong.
    }
  };
  form.addEventListener('input', (event) => {
    if (event.target !== body && event.target.name !== 'title') return;
    clearTimeout(timer);
    timer = setTimeout(refresh, QUIET_MS);
  });
  // Ctrl+S / ⌘S presses the form's own save button (Save draft or Update), so the browser's
  // "save page" dialog never takes what was typed somewhere useless.
  document.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 's') return;
    const save = form.querySelector('button[name="action"][value="save"]');
    if (!save) return;
    event.preventDefault();
    form.requestSubmit(save);
  });
})();
