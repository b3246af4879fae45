import type { TestProject } from 'vitest/node';
import { startServer, type RunningServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    mailDir: string;
  }
}

let server: RunningServer | undefined;

// One built server for the whole browser suite, on the embedded database
// with demo data: exactly what a newcomer's `npm start` gives.
export async function setup(project: TestProject): Promise<void> {
  server = await startServer();
  project.provide('baseUrl', server.url);
  project.provide('mailDir', server.mailDir);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
