import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { cardMessage } from '../share/link-target';
import type { UrlState } from '../share/url-state';
import { LinkMessage } from './LinkCard';

const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");

describe('LinkMessage', () => {
  const cases: UrlState[] = [
    {
      v: 1,
      archive: { sha256: '1a2b3c4d5e6f7788', name: 'kheaders.tar.xz', kernel: '6.1.0-56-amd64' },
      path: 'include/linux/sched.h',
      lines: { start: 120, end: 134 },
    },
    { v: 1, archive: { sha256: '1a2b3c4d5e6f7788', name: '' }, path: 'a.h', lines: { start: 7, end: 7 } },
    { v: 1, archive: { sha256: '1a2b3c4d5e6f7788', name: 'k <&> "x".xz' } },
    { v: 1, path: 'include/uapi/linux/a b.h' },
  ];
  it.each(cases)('reads exactly like cardMessage (%#)', (state) => {
    expect(text(renderToStaticMarkup(<LinkMessage state={state} />))).toBe(cardMessage(state));
  });
  it('sets the path and the name as code', () => {
    const html = renderToStaticMarkup(<LinkMessage state={cases[0]!} />);
    expect(html).toContain('<code class="link-path">include/linux/sched.h</code>');
    expect(html).toContain('<code class="link-name">kheaders.tar.xz</code>');
    expect(text(html)).toBe(
      'This link points to include/linux/sched.h, lines 120–134, in kheaders.tar.xz (sha256 1a2b3c4d…, Linux 6.1.0-56-amd64). Drop that file here to open it.',
    );
  });
});
