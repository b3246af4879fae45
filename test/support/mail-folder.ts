import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The embedded default writes each message as an .eml file; tests read them
// as a newcomer would, decoding the quoted-printable and encoded-word parts.

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, body: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(body, 'base64').toString('utf8') : decodeQuotedPrintable(body.replace(/_/g, ' ')),
  );
}

export type SavedMail = { file: string; raw: string; to: string; subject: string; text: string; html: string };

export function readMailFolder(folder: string): SavedMail[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.eml'))
    .map((file) => {
      const raw = readFileSync(join(folder, file), 'utf8');
      const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
      const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
      const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1] ?? '';
      const body = rest.join('\n\n');
      const part = (type: string) => {
        const match = new RegExp(`Content-Type: ${type}([^]*?)\\r?\\n\\r?\\n([^]*?)\\r?\\n--`, 'i').exec(body);
        if (!match) return '';
        const encoding = /Content-Transfer-Encoding: (\S+)/i.exec(match[1]!)?.[1]?.toLowerCase();
        if (encoding === 'base64') return Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64').toString('utf8');
        return encoding === 'quoted-printable' ? decodeQuotedPrintable(match[2]!) : match[2]!;
      };
      return { file, raw, to: header('To'), subject: decodeHeader(header('Subject')), text: part('text/plain'), html: part('text/html') };
    });
}
