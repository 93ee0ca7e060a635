/**
 * The packages as a stranger gets them: `npm pack` the model and the SDK, install the tarballs in
 * a scratch project outside the workspace (from npm's cache), type-check a consumer's code with
 * NodeNext resolution, then colorize a real photo through the installed SDK: the edge client
 * against the worker in workerd, and local mode in plain Node. The model's command runs from
 * its installed bin too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PHOTOS } from '../browser/fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONSUMER = fileURLToPath(new URL('./consumer/', import.meta.url));
const PHOTO = `${PHOTOS}bw-sample.jpg`;
let dir = '';
const tarballs: Record<string, string> = {};

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'colorize-packed-'));
  for (const pkg of ['model', 'sdk']) {
    const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], join(ROOT, 'packages', pkg))) as { filename: string }[];
    tarballs[pkg] = join(dir, info!.filename);
  }
  const versions = (name: string) => (JSON.parse(npm(['pkg', 'get', `devDependencies.${name}`, `dependencies.${name}`], join(ROOT, 'packages/model'))) as Record<string, string>);
  const version = (name: string) => Object.values(versions(name)).find((v) => typeof v === 'string') ?? '*';
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'scratch', private: true, type: 'module',
    dependencies: {
      '@colorize/model': `file:${tarballs.model}`,
      '@colorize/sdk': `file:${tarballs.sdk}`,
      // ./node's optional peers: a Node user installs them to read and write files.
      '@jsquash/jpeg': version('@jsquash/jpeg'),
      '@jsquash/png': version('@jsquash/png'),
      typescript: execFileSync(process.execPath, ['-p', 'require("typescript/package.json").version'], { cwd: ROOT, encoding: 'utf8' }).trim(),
      '@types/node': '^20.19.0',
    },
  }));
  // skipLibCheck as consumers have it: tfjs 4.22's own declarations name types it does not
  // depend on (Long, EmscriptenModule). Every import of check.ts must still resolve, typed.
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, lib: ['ES2023', 'DOM'], types: ['node'], skipLibCheck: true, noImplicitAny: true },
    files: ['check.ts'],
  }));
  for (const f of readdirSync(CONSUMER)) copyFileSync(join(CONSUMER, f), join(dir, f));
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('packed tarballs installed outside the workspace', () => {
  it('ship built JavaScript with declarations, and no sources, tests or dev tools', () => {
    const files = (tgz: string) => execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const model = files(tarballs.model!);
    expect(model).toEqual(expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/training/index.js', 'package/dist/node/index.js', 'package/models/default/model.json', 'package/bin/colorize.mjs']));
    expect(model.filter((f) => f.startsWith('package/src/') || /\.test\.(js|ts)$/.test(f))).toEqual([]);
    const sdk = files(tarballs.sdk!);
    expect(sdk).toEqual(expect.arrayContaining(['package/dist/esm/index.js', 'package/dist/types/index.d.ts', 'package/dist/script/colorize.js']));
    // What a browser user installs: no TypeScript runner, no CLI progress bar, no Node codecs.
    for (const name of ['tsx', 'cli-progress']) expect(existsSync(join(dir, 'node_modules', name))).toBe(false);
    console.log(`tarballs: model ${(statSync(tarballs.model!).size / 1e6).toFixed(2)} MB, sdk ${(statSync(tarballs.sdk!).size / 1e3).toFixed(0)} kB`);
  });

  it("type-checks a consumer's code against every entry (NodeNext)", () => {
    const r = spawnSync(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('colorizes a real photo through the installed SDK: the edge client and local mode in Node', () => {
    const r = spawnSync(process.execPath, ['run.mjs', inject('edgeUrl'), PHOTO], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const facts = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(facts.edge).toMatchObject({ width: 256, height: 256 });
    expect(facts.edge.colourfulness).toBeGreaterThan(5);
    expect(facts.edgeError).toEqual({ isApiError: true, isColorizeError: true, code: 'empty_image', status: 400 });
    expect(facts.local).toMatchObject({ backend: 'wasm', width: 256, height: 256, leakedTensors: 0 });
    expect(facts.local.colourfulness).toBeGreaterThan(5);
    expect(facts.trainingKernelRegistered).toBe(false);
    expect(facts.gradientsRegistered).toBe(false);
    expect(facts.missingModel).toEqual({ code: 'model_unavailable', isApiError: true });
  });

  it("runs the model's command from its installed bin, as plain node", () => {
    const out = join(dir, 'out.png');
    const r = spawnSync(join(dir, 'node_modules/.bin/colorize'), [PHOTO, out], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(statSync(out).size).toBeGreaterThan(10_000);
    const missing = spawnSync(join(dir, 'node_modules/.bin/colorize'), [PHOTO, out, '--weights', join(dir, 'nowhere')], { cwd: dir, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error: could not load the model/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
