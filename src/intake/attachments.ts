import { fileTypeFromBuffer } from 'file-type';
import type { FieldProblem } from '#src/forms/errors.ts';
import { log } from '#src/platform/log.ts';
import type { MalwareScanner } from './malware-scan.ts';

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

/**
 * Content type we store → the file-name extensions that honestly name it,
 * the first being the one a name without an extension gets (ASVS 5.0 5.2.2:
 * the extension must match the content; a PDF named `report.hta` would open
 * in mshta from the official's desktop).
 */
const EXTENSIONS: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/tiff': ['tif', 'tiff'],
  'image/heic': ['heic', 'heif'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  'application/x-ole-storage': ['doc', 'xls', 'ppt'],
  'application/rtf': ['rtf'],
  'text/plain; charset=utf-8': ['txt'],
};

/** The extension a name claims: the last dot-part with a letter in it (`v1.2` claims none). */
function claimedExtension(name: string): { stem: string; extension: string | undefined } {
  const match = /^(.*)\.([A-Za-z0-9]{1,10})$/.exec(name);
  if (!match || !/[A-Za-z]/.test(match[2]!) || match[1]!.trim() === '') return { stem: name, extension: undefined };
  return { stem: match[1]!, extension: match[2]!.toLowerCase() };
}

/**
 * The name a file is stored and downloaded under: `<stem>.<extension of its
 * detected type>`. Undefined when the name claims another type than the
 * content has (the client is asked to check the file, nothing is guessed).
 */
export function nameForContent(filename: string, contentType: string): string | undefined {
  const allowed = EXTENSIONS[contentType] ?? ['bin'];
  const { stem, extension } = claimedExtension(filename);
  if (extension !== undefined && !allowed.includes(extension)) return undefined;
  // Windows drops trailing dots and spaces: "x.hta. " must not end up as "x.hta".
  const cleanStem = stem.replace(/[. ]+$/, '') || 'attachment';
  return `${cleanStem}.${extension ?? allowed[0]}`;
}

/** The download name of a stored file: its own if it matches the content, else the content's extension appended (rows stored before names were checked). */
export function downloadName(filename: string, contentType: string): string {
  return nameForContent(filename, contentType) ?? `${filename.replace(/[. ]+$/, '')}.${(EXTENSIONS[contentType] ?? ['bin'])[0]}`;
}

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
 * files the draft already holds, and with `scan` (CLAMD_URL set) for
 * malware. Returns the accepted files and, for the first file refused, a
 * problem naming it.
 */
export async function checkAttachments(
  files: readonly File[],
  alreadyAttached: number,
  limits: AttachmentLimits,
  scan?: MalwareScanner,
): Promise<{ accepted: CheckedAttachment[]; problem?: FieldProblem }> {
  // Each file in order: refused with a problem, or a candidate to scan.
  const outcomes: (CheckedAttachment | FieldProblem)[] = [];
  let candidates = 0;
  for (const file of files) {
    const filename = safeFilename(file.name);
    if (alreadyAttached + candidates >= limits.maxFiles) {
      outcomes.push({ field: 'attachments', key: 'tooManyFiles', values: { max: limits.maxFiles } });
      continue;
    }
    if (file.size > limits.maxBytes) {
      outcomes.push({
        field: 'attachments',
        key: 'fileTooLarge',
        values: { file: filename, max: Math.floor(limits.maxBytes / (1024 * 1024)) },
      });
      continue;
    }
    const content = Buffer.from(await file.arrayBuffer());
    const contentType = await detectContentType(filename, content);
    if (!contentType) {
      outcomes.push({ field: 'attachments', key: 'fileType', values: { file: filename } });
      continue;
    }
    const stored = nameForContent(filename, contentType);
    if (!stored) {
      const extension = (EXTENSIONS[contentType] ?? ['bin'])[0]!;
      outcomes.push({ field: 'attachments', key: 'fileNameType', values: { file: filename, type: extension.toUpperCase(), extension } });
      continue;
    }
    candidates += 1;
    outcomes.push({ filename: stored, contentType, size: content.length, content });
  }
  // Scanned last, so that clamd sees only files we would keep, and all at
  // once: a post of ten files waits for the slowest scan, not their sum.
  const checked = scan ? await Promise.all(outcomes.map((o) => ('content' in o ? scanned(o, scan) : o))) : outcomes;
  const accepted = checked.filter((o): o is CheckedAttachment => 'content' in o);
  const problem = checked.find((o): o is FieldProblem => !('content' in o));
  return problem ? { accepted, problem } : { accepted };
}

/**
 * A file as the scanner leaves it: kept if clean, else the problem the
 * person sees (ASVS 5.4.3, review M3). An unchecked file is not kept: the
 * person is asked to attach it again in a moment. The log says what
 * happened without the file's name, which may be personal (signature or
 * reason only).
 */
async function scanned(file: CheckedAttachment, scan: MalwareScanner): Promise<CheckedAttachment | FieldProblem> {
  const result = await scan(file.content);
  if (result.verdict === 'clean') return file;
  if (result.verdict === 'infected') {
    log('warn', 'attachment.malware_refused', { signature: result.signature });
    return { field: 'attachments', key: 'fileInfected', values: { file: file.filename } };
  }
  log('warn', 'attachment.scan_unavailable', { reason: result.reason });
  return { field: 'attachments', key: 'fileNotScanned', values: { file: file.filename } };
}
