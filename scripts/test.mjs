// npm test: install what is missing, run type checks, lint and every workspace's tests, then
// print one closing line "N passed, N failed" (totals over every suite) and exit non-zero on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium, ensureDependencies, ENV, ROOT } from './ensure.mjs';

ensureDependencies();
const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const workspaces = root.workspaces
  .flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const dir = join(ROOT, pattern.slice(0, -2));
    return existsSync(dir) ? spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map((d) => `${pattern.slice(0, -2)}/${d}`) : [];
  })
  .filter((ws) => existsSync(join(ROOT, ws, 'package.json')))
  .map((ws) => ({ dir: ws, pkg: JSON.parse(readFileSync(join(ROOT, ws, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => pkg.scripts?.test);
if (workspaces.some(({ pkg }) => pkg.colorize?.needsChromium)) ensureChromium();

const out = mkdtempSync(join(tmpdir(), 'colorize-test-'));
const rows = [];

function run(name, command, args) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd: ROOT, env: ENV, stdio: 'inherit' }).status ?? 1;
}

for (const check of ['typecheck', 'lint']) {
  const status = run(check, 'npx', ['turbo', 'run', check, '--output-logs=errors-only']);
  rows.push({ name: check, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 });
}

for (const { dir, pkg } of workspaces) {
  const json = join(out, `${pkg.name.replace(/\W/g, '_')}.json`);
  const status = run(pkg.name, 'npm', ['run', 'test', '-w', dir, '--', '--reporter=default', '--reporter=json', `--outputFile=${json}`]);
  let passed = 0;
  let failed = 0;
  if (existsSync(json)) {
    const r = JSON.parse(readFileSync(json, 'utf8'));
    passed = r.numPassedTests;
    failed = r.numFailedTests;
    // A suite that crashed outside any test (an import error, say) still fails the run.
    if (status !== 0 && failed === 0) failed = 1 + (r.numFailedTestSuites ?? 0);
  } else if (status !== 0) {
    failed = 1;
  }
  rows.push({ name: pkg.name, passed, failed });
}

console.log('\n=== summary');
for (const r of rows) console.log(`${r.failed ? 'FAIL' : 'ok  '} ${r.name}: ${r.passed} passed, ${r.failed} failed`);
const passed = rows.reduce((n, r) => n + r.passed, 0);
const failed = rows.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
