import { describe, expect, it } from 'vitest';
import { choiceValue, publicContacts, readChoice } from '#src/matter/rules.ts';

// Issue 16: the question "who deals with your matter?" before the forms.
describe('the question page’s answer', () => {
  const offered = { topics: ['eia', 'chemicals'], authorities: ['vvd', 'municipality'] };

  it('reads each choice the page offered, and its value round-trips', () => {
    for (const choice of [{ kind: 'ours', code: 'eia' }, { kind: 'elsewhere', code: 'municipality' }, { kind: 'unsure' }] as const) {
      expect(readChoice(choiceValue(choice), offered)).toEqual(choice);
    }
  });

  it('asks again when nothing was chosen or the value was not offered', () => {
    for (const value of ['', 'ours:', 'ours:vvd', 'elsewhere:eia', 'elsewhere:dvi', 'other:eia', 'unsure ', 'ours:eia:x']) {
      expect(readChoice(value, offered), value).toBeUndefined();
    }
  });
});

describe('an authority’s public contacts on the exit page (S-14.1)', () => {
  it('shows only the contacts the authority has, each a link a client can use', () => {
    expect(
      publicContacts({
        email: ' videsos@vvd.gov.lv ',
        phone: '+371 26338800',
        website: 'https://www.vvd.gov.lv',
        address: 'Klijānu iela 7, Rīga',
      }),
    ).toEqual([
      { kind: 'email', value: 'videsos@vvd.gov.lv', href: 'mailto:videsos@vvd.gov.lv' },
      { kind: 'phone', value: '+371 26338800', href: 'tel:+37126338800' },
      { kind: 'website', value: 'https://www.vvd.gov.lv', href: 'https://www.vvd.gov.lv' },
      { kind: 'address', value: 'Klijānu iela 7, Rīga', href: undefined },
    ]);
  });

  it('has nothing to show for an entry without contacts, and links no other scheme than the web', () => {
    expect(publicContacts({ email: null, phone: '  ', website: null, address: '' })).toEqual([]);
    expect(publicContacts({ email: null, phone: null, website: 'javascript:alert(1)', address: null })).toEqual([
      { kind: 'website', value: 'javascript:alert(1)', href: undefined },
    ]);
  });
});
