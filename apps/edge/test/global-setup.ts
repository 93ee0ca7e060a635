import type { TestProject } from 'vitest/node';
import { startWorker } from './wrangler-dev.js';

declare module 'vitest' {
  export interface ProvidedContext {
    edgeUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const worker = await startWorker(8799, { RATE_LIMIT_PER_MINUTE: '120' });
  project.provide('edgeUrl', worker.url);
  return () => worker.stop();
}
