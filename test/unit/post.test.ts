import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formFrom } from '#src/forms/read.ts';
import { parsePost, readPost } from '#src/platform/post.ts';

// One reader for every form post: the fields are the schema's keys.
const Schema = z.object({
  name: z.string().trim().min(1, 'required'),
  active: z.boolean(),
  from: z.object({ day: z.string(), month: z.string(), year: z.string() }),
});

function form(entries: Array<[string, string]>) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return formFrom(data);
}

describe('reading a post from its schema', () => {
  it('reads text, a checkbox as on or off, and a date as its three parts', () => {
    const posted = form([
      ['name', ' Kanceleja '],
      ['active', 'on'],
      ['from-day', '1'],
      ['from-month', '7'],
      ['from-year', '2027'],
      ['role', 'administrator'],
    ]);
    expect(readPost(Schema, posted)).toEqual({ name: ' Kanceleja ', active: true, from: { day: '1', month: '7', year: '2027' } });
  });

  it('reads a missing field as empty and an unticked checkbox as off, and ignores fields the schema does not name', () => {
    expect(readPost(Schema, form([['isAdmin', 'on']]))).toEqual({ name: '', active: false, from: { day: '', month: '', year: '' } });
  });

  it('answers ok with the parsed value, or invalid with one problem per field', () => {
    expect(parsePost(Schema, form([['name', ' Kanceleja ']]))).toEqual({
      ok: true,
      value: { name: 'Kanceleja', active: false, from: { day: '', month: '', year: '' } },
    });
    expect(parsePost(Schema, form([]))).toEqual({
      ok: false,
      reason: 'invalid',
      problems: [{ field: 'name', key: 'required', values: { min: 1 } }],
    });
  });

  it('parses values already read, as a settings check does', () => {
    expect(parsePost(Schema, { name: 'x', active: true, from: { day: '', month: '', year: '' } })).toMatchObject({ ok: true });
  });
});
