import { startWorker } from '@colorize/edge/dev-server';
import { startSite } from './site.js';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    edgeUrl: string;
    webUrl: string;
  }
}

/** One worker under wrangler dev (real workerd) and one site for every cross-package suite. */
export default async function setup(project: TestProject) {
  // Other ports for a second checkout's run on the same machine.
  const worker = await startWorker(Number(process.env.COLORIZE_TEST_EDGE_PORT ?? 8797));
  const site = await startSite(Number(process.env.COLORIZE_TEST_WEB_PORT ?? 3197), worker.url).catch(async (e) => {
    await worker.stop();
    throw e;
  });
  project.provide('edgeUrl', worker.url);
  project.provide('webUrl', site.url);
  return async () => {
    site.stop();
    await worker.stop();
  };
}
