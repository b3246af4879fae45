import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

// The second factor: TOTP (RFC 6238) from any authenticator app, through a
// maintained library (otpauth). The setup page shows the secret as text and
// as a QR code drawn on the server (no script needed).

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = 'staff', issuer = 'Klientu balss'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export function totpUri(secret: string, account: string, issuer: string): string {
  return totp(secret, account, issuer).toString();
}

/** The 30-second period an instant falls in: a code belongs to one. */
export function totpPeriod(now = Date.now()): number {
  return Math.floor(now / 30_000);
}

/**
 * The period of a right code, or null for a wrong one. Accepts the current
 * code and one period either side (clock drift); the caller refuses a period
 * already used (RFC 6238 §5.2: a code works once).
 */
export function totpCodePeriod(secret: string, code: string, now = Date.now()): number | null {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const delta = totp(secret).validate({ token: digits, timestamp: now, window: 1 });
  return delta === null ? null : totpPeriod(now) + delta;
}

/** The code of the instant's period (tests use it as an authenticator app would). */
export function currentTotp(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}

export async function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}
