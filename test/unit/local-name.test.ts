import { describe, expect, it } from 'vitest';
import { localColumn, localName } from '#src/i18n/local-name.ts';

// Reference data in the reader's language (issue 12): a third language shows
// its own words where the data has them and Latvian otherwise, never English
// by accident.
const unit = { nameLv: 'Ietekmes novērtējuma nodaļa', nameEn: 'Impact Assessment Division' };
const withRussian = { ...unit, nameRu: 'Отдел оценки воздействия' };

describe('a record’s name in the reader’s language', () => {
  it('reads the column of the language', () => {
    expect(localName(unit, 'lv')).toBe('Ietekmes novērtējuma nodaļa');
    expect(localName(unit, 'en')).toBe('Impact Assessment Division');
  });

  it('gives a third language its own words where the data has them', () => {
    expect(localName(withRussian, 'ru')).toBe('Отдел оценки воздействия');
  });

  it('gives a third language with no words of its own the Latvian ones, never the English', () => {
    expect(localName(unit, 'ru')).toBe('Ietekmes novērtējuma nodaļa');
    expect(localName({ ...unit, nameRu: '' }, 'ru')).toBe('Ietekmes novērtējuma nodaļa');
    expect(localName(unit, 'de')).not.toBe(unit.nameEn);
  });

  it('reads any field, and nothing from nothing', () => {
    expect(localName({ competenceLv: 'Atkritumi', competenceEn: 'Waste' }, 'en', 'competence')).toBe('Waste');
    expect(localName({ noteLv: null, noteEn: null }, 'en', 'note')).toBe('');
    expect(localName(undefined, 'lv')).toBe('');
    expect(localColumn('title', 'en')).toBe('titleEn');
  });
});
