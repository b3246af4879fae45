import { describe, expect, it } from 'vitest';
import { linkify } from '#src/platform/linkify.ts';
import { composeMail, linkedHtml } from '#src/mail/compose.ts';

// m13, S-14.2: addresses in an answer are links in the HTML letter and on the
// status page; nothing the text holds ever becomes markup.
describe('linkify', () => {
  it('makes http and https addresses links and keeps the rest as text', () => {
    expect(linkify('Skatiet https://www.vvd.gov.lv/lv/atlaujas un http://likumi.lv/ta/id/56880.')).toEqual([
      { text: 'Skatiet ' },
      { text: 'https://www.vvd.gov.lv/lv/atlaujas', href: 'https://www.vvd.gov.lv/lv/atlaujas' },
      { text: ' un ' },
      { text: 'http://likumi.lv/ta/id/56880', href: 'http://likumi.lv/ta/id/56880' },
      { text: '.' },
    ]);
  });

  it('leaves sentence punctuation and an enclosing bracket outside the link', () => {
    const segments = linkify('(sk. https://example.lv/a_(b)), vai https://example.lv/x?y=1&z=2!');
    expect(segments.filter((s) => s.href).map((s) => s.href)).toEqual(['https://example.lv/a_(b)', 'https://example.lv/x?y=1&z=2']);
    expect(segments.map((s) => s.text).join('')).toBe('(sk. https://example.lv/a_(b)), vai https://example.lv/x?y=1&z=2!');
  });

  it('never links a javascript:, data: or bare address, and text without addresses is one segment', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'www.vvd.gov.lv',
      'mailto:a@b.lv',
      'xhttps://a.lv',
    ]) {
      expect(linkify(text)).toEqual([{ text }]);
    }
    expect(linkify('')).toEqual([]);
  });

  it('escapes hostile text in the HTML and cannot be made to leave the href', () => {
    const html = linkedHtml('<script>alert(1)</script> https://a.lv/"onmouseover="alert(1) javascript:alert(2) <b>x</b>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).not.toMatch(/<a [^>]*onmouseover/);
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; <a href="https://a.lv/">https://a.lv/</a>&quot;onmouseover=&quot;alert(1)',
    );
    expect(html).not.toContain('href="javascript');
    expect(html.match(/<a /g)).toHaveLength(1);
  });

  it('links addresses in a letter’s HTML only when asked, and the text part keeps them as text', () => {
    const content = { subject: 's', greeting: 'Labdien!', paragraphs: ['Sk. https://www.vvd.gov.lv.'], signature: 'Ar cieņu' };
    const linked = composeMail({ ...content, linkAddresses: true }, 'lv');
    expect(linked.html).toContain('<p>Sk. <a href="https://www.vvd.gov.lv">https://www.vvd.gov.lv</a>.</p>');
    expect(linked.text).toContain('Sk. https://www.vvd.gov.lv.');
    expect(linked.text).not.toContain('<a');
    expect(composeMail(content, 'lv').html).toContain('<p>Sk. https://www.vvd.gov.lv.</p>');
  });
});
