import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { DATA_TEMPLATE_ENV, startServer, type RunningServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    mailDir: string;
    /** How far the shared server's clock is ahead of the suite's (it starts at TEST_NOW). */
    clockOffsetMs: number;
  }
}

let server: RunningServer | undefined;
let template: string | undefined;

// One built server for the whole browser suite, on the embedded database
// with demo data: exactly what a newcomer's `npm start` gives.
export async function setup(project: TestProject): Promise<void> {
  // The first start migrates and seeds; stopped, its folder is the database
  // every later start on the test clock copies (server.ts, DATA_TEMPLATE_ENV).
  // The test files' workers are started after this and inherit the variable.
  template = mkdtempSync(join(tmpdir(), 'kb-e2e-template-'));
  const first = await startServer({ DATA_DIR: template });
  await first.stop();
  process.env[DATA_TEMPLATE_ENV] = template;
  server = await startServer();
  project.provide('baseUrl', server.url);
  project.provide('mailDir', server.mailDir);
  project.provide('clockOffsetMs', server.now().getTime() - Date.now());
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (template) rmSync(template, { recursive: true, force: true });
}
