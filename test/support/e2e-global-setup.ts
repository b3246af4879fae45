import type { TestProject } from 'vitest/node';
import { startServer, type RunningServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    mailDir: string;
    /** How far the shared server's clock is ahead of the suite's (it starts at TEST_NOW). */
    clockOffsetMs: number;
  }
}

let server: RunningServer | undefined;

// One built server for the whole browser suite, on the embedded database
// with demo data: exactly what a newcomer's `npm start` gives.
export async function setup(project: TestProject): Promise<void> {
  server = await startServer();
  project.provide('baseUrl', server.url);
  project.provide('mailDir', server.mailDir);
  project.provide('clockOffsetMs', server.now().getTime() - Date.now());
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
