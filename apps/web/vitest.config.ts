import { defineConfig } from 'vitest/config';

// The site's pure helpers (lib/); the pages themselves are tested in a real browser (tests/browser).
export default defineConfig({ test: { include: ['lib/**/*.test.ts'] } });
