import { describe, expect, it } from 'vitest';
import { isAllowedMethod, reasonPhrase, withCharset } from '#src/server/http-basics.ts';

describe('HTTP basics', () => {
  it('names the character set of HTML and text', () => {
    expect(withCharset('text/html')).toBe('text/html; charset=utf-8');
    expect(withCharset('text/plain')).toBe('text/plain; charset=utf-8');
    expect(withCharset('text/html; charset=utf-8')).toBe('text/html; charset=utf-8');
    expect(withCharset('application/pdf')).toBe('application/pdf');
    expect(withCharset('text/calendar; charset=utf-8')).toBe('text/calendar; charset=utf-8');
  });

  it('gives each status its own reason phrase', () => {
    expect(reasonPhrase(404)).toBe('Not Found');
    expect(reasonPhrase(405)).toBe('Method Not Allowed');
  });

  it('answers only GET, HEAD and POST', () => {
    expect(['GET', 'HEAD', 'POST'].every(isAllowedMethod)).toBe(true);
    expect(['TRACE', 'PUT', 'OPTIONS', 'get', undefined].some(isAllowedMethod)).toBe(false);
  });
});
