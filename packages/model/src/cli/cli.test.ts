import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../node/codecs.js';
import '../node/index.js';
import { createGenerator } from '../unet.js';
import { saveModel } from '../weights.js';
import { FIXTURES } from '../test-fixtures.js';

const PKG = fileURLToPath(new URL('../..', import.meta.url));
const PHOTOS = `${FIXTURES}photos/`;

/** The commands as a user runs them: plain Node on the built files (`npm test` builds first). */
function cli(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ['bin/colorize.mjs', script, ...args], { cwd: PKG, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let weights = '';
let work = '';
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cli-'));
  weights = join(work, 'model');
  await saveModel({ generator: createGenerator({ ngf: 4, innermostNorm: false }, 1), metadata: { id: 'tiny', version: '0' } }, `file://${weights}`, { dtype: 'uint8' });
});

describe('colorize command line', () => {
  it('colorizes a JPEG into a PNG of the same size', async () => {
    const out = join(work, 'one.png');
    const r = cli('colorize', [`${PHOTOS}bw-sample.jpg`, out, '--weights', weights, '--saturation', '1.5']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const image = await decodeImage(await readFile(out));
    expect([image.width, image.height]).toEqual([256, 256]);
  });

  it('does a whole folder, and one corrupt file does not cost the others', async () => {
    const dir = join(work, 'in');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir);
    await copyFile(`${PHOTOS}bw-sample.jpg`, join(dir, 'a.jpg'));
    await copyFile(`${PHOTOS}gcompris-qt-data__cat__5.jpg`, join(dir, 'b.jpg'));
    await writeFile(join(dir, 'broken.jpg'), 'not a jpeg at all');
    const r = cli('colorize', [dir, join(work, 'out'), '--weights', weights]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('broken.jpg');
    expect((await readdir(join(work, 'out'))).sort()).toEqual(['a.jpg', 'b.jpg']);
  });

  it('explains bad arguments', () => {
    expect(cli('colorize', [`${PHOTOS}bw-sample.jpg`, join(work, 'x.png'), '--saturation', '7'])).toMatchObject({ code: 2, err: expect.stringContaining('--saturation must be a number from 0 to 2') });
    expect(cli('colorize', [join(work, 'missing.jpg'), join(work, 'x.png')])).toMatchObject({ code: 1, err: expect.stringContaining('no such file') });
    expect(cli('colorize', [`${PHOTOS}bw-sample.jpg`, join(work, 'x.gif'), '--weights', weights])).toMatchObject({ code: 2, err: expect.stringContaining('.jpg, .jpeg or .png') });
  });
});

describe('train and eval command lines', () => {
  it('trains, checkpoints, resumes where it stopped, and evaluates the result', async () => {
    const out = join(work, 'run');
    const base = ['--data', PHOTOS, '--out', out, '--size', '32', '--ngf', '4', '--val', '0', '--ckpt-every', '2', '--sample-every', '2'];
    expect(cli('train', [...base, '--steps', '2']).code).toBe(0);
    const resumed = cli('train', [...base, '--steps', '3', '--resume']);
    expect(resumed.out).toContain('resumed from step 2');
    const log = (await readFile(join(out, 'log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((l) => l.step)).toEqual([1, 2, 3]);
    expect(Object.keys(log[0])).toEqual(expect.arrayContaining(['genGan', 'genL1', 'discTotal']));
    expect(await readdir(join(out, 'samples'))).toContain('step-000002.png');
    const ev = cli('eval', ['--data', PHOTOS, '--weights', join(out, 'model'), '--out', join(work, 'eval')]);
    expect(ev.code).toBe(0);
    expect(ev.out).toMatch(/model\s+\d+\.\d+\s+\d\.\d{4}/);
    expect(ev.out).toMatch(/grey\s+\d+\.\d+/);
    expect(await readdir(join(work, 'eval'))).toEqual(expect.arrayContaining(['index.html', 'sheet.png', 'bw-sample.png', 'metrics.json']));
    const unreadable = await mkdtemp(join(work, 'unreadable-'));
    await writeFile(join(unreadable, 'a.jpg'), 'not a photo');
    expect(cli('eval', ['--data', unreadable, '--weights', join(out, 'model')])).toMatchObject({ code: 1, err: expect.stringContaining('none of the 1 photos') });
  });

  it("sets BatchNorm's inference mode from the batch size, and a fine-tune keeps its starting model's", async () => {
    const normalization = async (dir: string) => JSON.parse(await readFile(join(dir, 'model', 'model.json'), 'utf8')).modelTopology.generator.normalization;
    const base = ['--data', PHOTOS, '--size', '32', '--ngf', '4', '--val', '0', '--steps', '1'];
    const [batch2, fineTuned] = [join(work, 'batch2'), join(work, 'fine-tuned')];
    expect(cli('train', [...base, '--out', batch2, '--batch', '2']).code).toBe(0);
    expect(await normalization(batch2)).toBe('moving');
    expect(cli('train', [...base, '--out', fineTuned, '--init', join(batch2, 'model')]).code).toBe(0);
    expect(await normalization(fineTuned)).toBe('moving');
  });
});
