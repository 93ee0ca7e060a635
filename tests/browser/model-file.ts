// Apart from studio-page.ts, which screenshots.ts runs under plain tsx: this one needs the model's Node backend.
import { useNodeBackend } from '@colorize/model/node';
import { createGenerator, disposeParams, generatorConfigFor, toSingleFile } from '@colorize/model/training';

/** A model file as the studio exported it before colour points: a small generator without them (untrained: it only has to load and run). */
export async function modelWithoutPoints(): Promise<Buffer> {
  await useNodeBackend('cpu');
  const generator = createGenerator(generatorConfigFor(32, 4), 3);
  try {
    if (generator.config.hints) throw new Error('expected a generator without colour points');
    return Buffer.from(JSON.stringify(await toSingleFile({ generator, metadata: { id: 'before-points', version: '0' } })));
  } finally {
    disposeParams(generator.params);
  }
}
