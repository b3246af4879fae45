import { describe, expect, it } from 'vitest';
import { languageOnReassign, routeInUnit, unitCover, type UnitPerson } from '#src/cases/routing.ts';

describe('routing that always reaches someone (S-10, S-4.8, M4)', () => {
  const official = (id: number, languages: string[], openCases = 0): UnitPerson => ({ id, role: 'official', languages, openCases });
  const manager = (id: number, languages: string[], openCases = 0): UnitPerson => ({ id, role: 'manager', languages, openCases });

  it('gives the case to an official of the unit, never to its manager, while there is one', () => {
    expect(routeInUnit([manager(1, ['lv', 'ru']), official(7, ['lv'], 9)], 'ru')).toEqual({ staffId: 7, reason: 'fewest_open_cases' });
    expect(routeInUnit([manager(1, ['lv']), official(7, ['lv', 'ru'], 9), official(8, ['lv'])], 'ru')).toEqual({
      staffId: 7,
      reason: 'speaks_language',
    });
  });

  it('falls back to the unit manager when it has no official, by language then fewest open cases', () => {
    expect(routeInUnit([manager(3, ['lv'])], 'lv')).toEqual({ staffId: 3, reason: 'unit_manager' });
    expect(routeInUnit([manager(3, ['lv'], 0), manager(4, ['lv', 'en'], 5)], 'en')).toEqual({ staffId: 4, reason: 'unit_manager' });
    expect(routeInUnit([manager(4, ['lv'], 5), manager(3, ['lv'], 5)], 'lv')).toEqual({ staffId: 3, reason: 'unit_manager' });
  });

  it('leaves the case unassigned (the director’s queue) when the unit has nobody', () => {
    expect(routeInUnit([], 'lv')).toEqual({ staffId: null, reason: 'no_official' });
  });

  it('tells the administrator who a unit’s cases reach', () => {
    expect(unitCover({ officials: 2, managers: 0 })).toBe('officials');
    expect(unitCover({ officials: 0, managers: 1 })).toBe('manager_only');
    expect(unitCover({ officials: 0, managers: 0 })).toBe('nobody');
    expect(unitCover(undefined)).toBe('nobody');
  });
});

describe('the reply-language promise on reassignment (S-7, S-14.5, m1)', () => {
  it('keeps a Latvian reply whoever takes the case', () => {
    expect(languageOnReassign('lv', [])).toEqual({ keeps: true });
    expect(languageOnReassign('lv', [['lv']])).toEqual({ keeps: true });
  });

  it('keeps a foreign-language reply when someone there speaks it', () => {
    expect(languageOnReassign('ru', [['lv'], ['lv', 'RU']])).toEqual({ keeps: true });
  });

  it('loses it when nobody there speaks it, or nobody is there', () => {
    expect(languageOnReassign('ru', [['lv'], ['lv', 'en']])).toEqual({ keeps: false, from: 'ru' });
    expect(languageOnReassign('en', [])).toEqual({ keeps: false, from: 'en' });
  });
});
