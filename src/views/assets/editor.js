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

// Photos: images dropped on an upload form, or pasted while it is on the page, go into its file
// input, as if chosen with it; the form's button then sends them as it would without this.
(() => {
  const form = document.querySelector('form[data-drop-target]');
  const input = form?.querySelector(`input[type="file"][name="${form?.dataset.dropTarget}"]`);
  if (!form || !input || !window.DataTransfer) return;
  form.classList.add('can-drop');
  const take = (files) => {
    const images = [...files].filter((file) => file.type.startsWith('image/'));
    if (images.length === 0) return false;
    const chosen = new DataTransfer();
    for (const file of input.multiple ? images : images.slice(0, 1)) chosen.items.add(file);
    input.files = chosen.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
  };
  form.addEventListener('dragover', (event) => {
    event.preventDefault();
    form.classList.add('is-dragging');
  });
  form.addEventListener('dragleave', () => form.classList.remove('is-dragging'));
  form.addEventListener('drop', (event) => {
    event.preventDefault();
    form.classList.remove('is-dragging');
    if (event.dataTransfer && take(event.dataTransfer.files)) input.focus();
  });
  document.addEventListener('paste', (event) => {
    if (event.clipboardData && event.clipboardData.files.length > 0 && take(event.clipboardData.files)) event.preventDefault();
  });
})();
