import { fileTypeFromBuffer } from 'file-type';
import type { FieldProblem } from '#src/forms/errors.ts';

// Attachments are checked by what they contain, not by the name or the type
// the browser claims (file-type reads the magic numbers, including the
// office formats' ZIP and OLE containers), and stored under a type we
// decided. They are never served inline (see the staff download route).

/** Detected extension → the content type we store and send. */
const ALLOWED: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  tif: 'image/tiff',
  heic: 'image/heic',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  // Legacy .doc, .xls and .ppt are OLE compound files.
  cfb: 'application/x-ole-storage',
  rtf: 'application/rtf',
};

export type AttachmentLimits = { maxFiles: number; maxBytes: number };
export type CheckedAttachment = { filename: string; contentType: string; size: number; content: Buffer };

/** A file name fit to store and show: no path, no control characters, not too long. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001F\u007F"<>|:*?]/g, '')
    .trim()
    .toWellFormed();
  const limited = [...cleaned].slice(-120).join('');
  return limited || 'attachment';
}

/** Plain text has no magic number: accept a .txt only if it is valid UTF-8 without NUL. */
function isPlainText(name: string, content: Buffer): boolean {
  if (!/\.txt$/i.test(name) || content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

export async function detectContentType(name: string, content: Buffer): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(content);
  if (detected) return ALLOWED[detected.ext];
  return isPlainText(name, content) ? 'text/plain; charset=utf-8' : undefined;
}

/**
 * Checks new uploads against the administrator's limits, given how many
 * files the draft already holds. Returns the accepted files and, for the
 * first file refused, a problem naming it.
 */
export async function checkAttachments(
  files: readonly File[],
  alreadyAttached: number,
  limits: AttachmentLimits,
): Promise<{ accepted: CheckedAttachment[]; problem?: FieldProblem }> {
  const accepted: CheckedAttachment[] = [];
  let problem: FieldProblem | undefined;
  for (const file of files) {
    const filename = safeFilename(file.name);
    if (alreadyAttached + accepted.length >= limits.maxFiles) {
      problem ??= { field: 'attachments', key: 'tooManyFiles', values: { max: limits.maxFiles } };
      continue;
    }
    if (file.size > limits.maxBytes) {
      problem ??= {
        field: 'attachments',
        key: 'fileTooLarge',
        values: { file: filename, max: Math.floor(limits.maxBytes / (1024 * 1024)) },
      };
      continue;
    }
    const content = Buffer.from(await file.arrayBuffer());
    const contentType = await detectContentType(filename, content);
    if (!contentType) {
      problem ??= { field: 'attachments', key: 'fileType', values: { file: filename } };
      continue;
    }
    accepted.push({ filename, contentType, size: content.length, content });
  }
  return problem ? { accepted, problem } : { accepted };
}
