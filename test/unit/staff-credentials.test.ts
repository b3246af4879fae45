import { describe, expect, it } from 'vitest';
import { contextWords, guessablePassword, PASSWORD_WARNINGS } from '#src/staff/password-strength.ts';
import { passwordProblem, passwordProblemValues } from '#src/staff/passwords.ts';
import { newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_LENGTH } from '#src/staff/tokens.ts';
import { openSeed, sealSeed } from '#src/staff/seed-box.ts';
import { randomBytes } from 'node:crypto';
import { translator } from '#src/i18n/index.ts';
import { locales } from '#src/i18n/languages.ts';

// M2 (security review): passwords checked by a maintained estimator against
// common and breached passwords and the words around the person.
const context = contextWords([
  'Vides pārraudzības valsts birojs',
  'State Environmental Monitoring Bureau',
  'VPVB',
  'Klientu balss',
  'laura.specialiste@vpvb.gov.lv',
  'Laura Speciāliste',
]);

describe('a new password', () => {
  it('splits names and addresses into the words a password must not lean on', () => {
    expect(context).toEqual(expect.arrayContaining(['laura', 'specialiste', 'vpvb', 'klientu', 'balss', 'laura.specialiste@vpvb.gov.lv']));
    expect(context).not.toContain('lv');
  });

  it('refuses common passwords, keyboard rows, repeats and the person’s own words, saying why', () => {
    expect(guessablePassword('password1234', context)).toBe('similarToCommon');
    expect(guessablePassword('aaaaaaaaaaaa', context)).toBe('simpleRepeat');
    expect(guessablePassword('laura.specialiste', context)).toBe('userInputs');
    expect(guessablePassword('Klientu balss 2026', context)).toBe('userInputs');
    expect(passwordProblem('qwertyuiop12', context)?.reason).toBe('passwordGuessable');
  });

  it('takes a passphrase of unrelated words, in either language', () => {
    expect(passwordProblem('correct horse battery staple', context)).toBeUndefined();
    expect(passwordProblem('Sniegs krīt uz Daugavas ledus', context)).toBeUndefined();
  });

  it('checks the length first (NIST SP 800-63B)', () => {
    expect(passwordProblem('short')).toEqual({ reason: 'passwordTooShort' });
    expect(passwordProblem('x'.repeat(257))).toEqual({ reason: 'passwordTooLong' });
  });

  it('has words for every reason in every language', () => {
    for (const locale of locales) {
      const t = translator(locale);
      for (const why of [...PASSWORD_WARNINGS, 'guessable'] as const) {
        const values = passwordProblemValues(t, { reason: 'passwordGuessable', why });
        expect(values.why, `${locale} ${why}`).not.toContain('passwordWhy');
        expect(t('forms:errors.passwordGuessable', values)).toContain(String(values.why));
      }
    }
  });
});

describe('recovery codes (review m4)', () => {
  it('are long enough to be kept as a plain hash (over 112 bits), uniform and distinct', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^([a-z2-9]{4}-){5}[a-z2-9]{4}$/);
    expect(RECOVERY_CODE_LENGTH * Math.log2(31)).toBeGreaterThan(112);
  });

  it('read back as typed, and older 12-letter codes still match', () => {
    const [code] = newRecoveryCodes(1);
    expect(normaliseRecoveryCode(` ${code!.toUpperCase().replaceAll('-', ' ')} `)).toBe(code);
    expect(normaliseRecoveryCode('K7DQ3MFXPZ2A')).toBe('k7dq-3mfx-pz2a');
    expect(normaliseRecoveryCode('  ')).toBe('');
  });
});

describe('authenticator seeds at rest (review m4)', () => {
  const key = randomBytes(32);
  it('are sealed with the key, and read back only with it', () => {
    const sealed = sealSeed('JBSWY3DPEHPK3PXP', key);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSeed(sealed, key)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSeed(sealed, randomBytes(32))).toThrow();
    expect(() => openSeed(sealed, undefined)).toThrow(/TOTP_SEED_KEY/);
  });

  it('refuse a sealed value that was changed', () => {
    const [v, iv, body, tag] = sealSeed('JBSWY3DPEHPK3PXP', key).split(':') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    expect(() => openSeed([v, iv, flipped.toString('base64url'), tag].join(':'), key)).toThrow();
  });

  it('stay as they are without a key, and a seed stored before the key still reads', () => {
    expect(sealSeed('JBSWY3DPEHPK3PXP', undefined)).toBe('JBSWY3DPEHPK3PXP');
    expect(openSeed('JBSWY3DPEHPK3PXP', key)).toBe('JBSWY3DPEHPK3PXP');
  });
});
