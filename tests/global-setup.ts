import { startWorker } from '@colorize/edge/dev-server';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    edgeUrl: string;
  }
}

/** One worker under wrangler dev (real workerd) for every cross-package suite. */
export default async function setup(project: TestProject) {
  const worker = await startWorker(8797);
  project.provide('edgeUrl', worker.url);
  return () => worker.stop();
}
