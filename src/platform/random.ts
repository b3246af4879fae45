import { randomFillSync } from 'node:crypto';

// Random bytes from the operating system's CSPRNG, drawn 4 KiB at a time.
// `randomBytes` asks OpenSSL once per call, about 5 µs each: a form's first
// post (the draft's id) and a Send (the status link, the reference's
// placeholder) spent 3 % of the server's time there (issue 18, docs/0031).
// Node's own randomUUID keeps such a cache for the same reason. Bytes are
// handed out once and never again; what the pool holds is no more exposed
// than the secrets the process already keeps in memory.

const pool = Buffer.alloc(4096);
let used = pool.length;

function take(bytes: number): [Buffer, number] {
  if (bytes > pool.length) return [randomFillSync(Buffer.alloc(bytes)), 0];
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const start = used;
  used += bytes;
  return [pool, start];
}

/** `bytes` random bytes as URL-safe base64 (no padding). */
export function randomBase64url(bytes: number): string {
  const [buffer, start] = take(bytes);
  return buffer.toString('base64url', start, start + bytes);
}

/** `bytes` random bytes as hexadecimal. */
export function randomHex(bytes: number): string {
  const [buffer, start] = take(bytes);
  return buffer.toString('hex', start, start + bytes);
}

/** A copy of `bytes` random bytes. */
export function randomBuffer(bytes: number): Buffer {
  const [buffer, start] = take(bytes);
  return Buffer.from(buffer.subarray(start, start + bytes));
}
