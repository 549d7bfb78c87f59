/**
 * Hostile inputs, tried on every way into the site (test/hostile-input.test.ts). Each that could
 * run script calls alert(), so a browser rendering the result shows a dialog if one gets through.
 */
export const SCRIPT_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><script>alert(2)</script>',
  "'><script>alert(3)</script>",
  '</textarea><script>alert(4)</script>',
  '</title><script>alert(5)</script>',
  '</script><script>alert(6)</script>',
  '<img src=x onerror=alert(7)>',
  '<svg onload=alert(8)>',
  '<svg><script>alert(9)</script></svg>',
  '" onmouseover="alert(10)" autofocus onfocus="alert(10)" x="',
  "' onfocus='alert(11)' autofocus='",
  ' onfocus=alert(12) autofocus ',
  'javascript:alert(13)',
  'JaVaScRiPt:alert(14)',
  ' javascript:alert(15)',
  'jav&#x09;ascript:alert(16)',
  'data:text/html,<script>alert(17)</script>',
  '[click](javascript:alert(18))',
  '![x](x" onerror="alert(19))',
  '<a href="javascript:alert(20)">link</a>',
  '<iframe srcdoc="<script>alert(21)</script>"></iframe>',
  '<details open ontoggle=alert(22)>',
  '<style>@import "javascript:alert(23)";</style>',
  '<math><mtext></table><img src=x onerror=alert(24)>',
  '{{constructor.constructor("alert(25)")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, sent as text
  '${alert(26)}',
  '<!--<img src="--><img src=x onerror=alert(27)//">',
  '<body onload=alert(28)>',
  '"><img src=x onerror=alert(29)>.example',
  'https://example.org/"><script>alert(30)</script>',
];

export const OTHER_PAYLOADS = [
  "' OR '1'='1",
  '1; DROP TABLE posts; --',
  '" UNION SELECT password_hash FROM users --',
  '%27%20OR%201=1--',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fpackage.json',
  '\u0000null\u0000byte',
  'line\r\nSet-Cookie: pwned=1',
  'line%0d%0aLocation:%20https://evil.example',
  '__proto__',
  'constructor',
  '__proto__[polluted]=yes',
  'constructor[prototype][polluted]=yes',
  '\u202eevil\u202c',
  '\ud800',
  'Ω≈ç√∫˜µ≤≥÷ 😀 𝕳𝖊𝖑𝖑𝖔 ﷽',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  '>'.repeat(500),
  '*'.repeat(200),
  '"quoted" AND "phrase',
  'NEAR(a b) OR title:x*',
];

/** Markdown nested deeper than any parser should recurse. */
export const DEEP_NESTING = [`${'> '.repeat(2_000)}deep quote`, `${'- '.repeat(1_000)}deep list`, `${'['.repeat(5_000)}x${']'.repeat(5_000)}`];

/** Bytes that are not UTF-8: overlong encodings, lone continuation bytes, a truncated sequence. */
export const BROKEN_UTF8 = [
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe0, 0x80, 0xaf]),
  Buffer.from([0x80, 0x80]),
  Buffer.from([0xf0, 0x9f, 0x98]),
  Buffer.from([0xed, 0xa0, 0x80]),
];

export const ALL_TEXT_PAYLOADS = [...SCRIPT_PAYLOADS, ...OTHER_PAYLOADS];
