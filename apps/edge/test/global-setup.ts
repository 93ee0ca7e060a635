import type { TestProject } from 'vitest/node';
import { startWorker } from './wrangler-dev.js';

declare module 'vitest' {
  export interface ProvidedContext {
    edgeUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Another port for a second checkout's run on the same machine.
  const worker = await startWorker(Number(process.env.COLORIZE_TEST_EDGE_API_PORT ?? 8799), { RATE_LIMIT_PER_MINUTE: '120' });
  project.provide('edgeUrl', worker.url);
  return () => worker.stop();
}
