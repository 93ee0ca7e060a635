import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/.wrangler/**', '**/node_modules/**', '**/next-env.d.ts', '**/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // TypeScript resolves names itself; no-undef only misfires on Node and worker globals.
      'no-undef': 'off',
    },
  },
  {
    // The model package runs on any backend and in any runtime: the core never picks a
    // backend nor touches Node; only its node/ and cli/ folders may.
    files: ['packages/model/src/**/*.ts'],
    ignores: ['packages/model/src/node/**', 'packages/model/src/cli/**', 'packages/model/src/**/*.test.ts', 'packages/model/src/test-*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@tensorflow/tfjs-backend-*', '@tensorflow/tfjs-node*'], message: 'The model package never picks a backend: the apps do.' },
          { group: ['node:*', 'fs', 'path'], message: 'Node-only code belongs in src/node or src/cli.' },
        ],
      }],
    },
  },
);
