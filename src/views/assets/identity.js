// The identity page's accent sample, redrawn as the colour is typed or picked. The page works
// without this: the server draws the sample for the colour saved or sent. This adds a colour
// picker beside the text field and recomputes the two contrast ratios (WCAG 2.1) in the browser,
// with the same formula as domain/identity.ts. No inline script or style, so the strict
// Content-Security-Policy (script-src 'self'; style-src 'self') allows it.
(() => {
  const field = document.querySelector('input#accentColor');
  const sample = document.querySelector('.accent-sample');
  if (!field || !sample) return;
  const background = sample.getAttribute('data-background') || '#ffffff';
  const minimum = Number(sample.getAttribute('data-minimum') || '4.5');
  // The colour the sample shows when the field is empty or unreadable: the standard one.
  const fallback = sample.getAttribute('data-standard') || '#000000';
  const format = new Intl.NumberFormat(document.documentElement.lang || 'en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function parse(value) {
    const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(value).trim());
    if (!m) return undefined;
    const hex = m[1].toLowerCase();
    return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
  }
  function luminance(color) {
    const channel = (i) => {
      const c = Number.parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  }
  function contrast(a, b) {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }
  function show(which, ratio) {
    const item = sample.querySelector(`[data-ratio="${which}"]`);
    if (!item) return;
    const number = item.querySelector('.accent-number');
    if (number) number.textContent = format.format(ratio);
    const ok = ratio >= minimum;
    item.classList.toggle('accent-pass', ok);
    item.classList.toggle('accent-fail', !ok);
    for (const verdict of item.querySelectorAll('[data-verdict]')) verdict.hidden = (verdict.getAttribute('data-verdict') === 'pass') !== ok;
  }
  function redraw(color) {
    for (const shape of sample.querySelectorAll('[data-accent]')) shape.setAttribute('fill', color);
    show('page', contrast(color, background));
    show('white', contrast(color, '#ffffff'));
  }

  // A picker beside the field: it and the text field follow each other.
  const picker = document.createElement('input');
  picker.type = 'color';
  picker.className = 'accent-picker';
  picker.value = parse(field.value) || fallback;
  picker.setAttribute('aria-label', sample.getAttribute('data-picker-label') || 'Colour');
  field.after(picker);
  picker.addEventListener('input', () => {
    field.value = picker.value;
    redraw(picker.value);
  });
  field.addEventListener('input', () => {
    const color = parse(field.value);
    if (color) picker.value = color;
    redraw(color || fallback);
  });
})();
