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

/** Accepts the current code and one period either side (clock drift). */
export function verifyTotp(secret: string, code: string, now = Date.now()): boolean {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits)) return false;
  return totp(secret).validate({ token: digits, timestamp: now, window: 1 }) !== null;
}

/** The current code (tests use it as an authenticator app would). */
export function currentTotp(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}

export async function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}
