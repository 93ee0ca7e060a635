// A consumer's TypeScript, checked with NodeNext resolution against the installed tarballs:
// every entry must resolve with its types, and the error code must be the typed union.
import { ColorizeError, loadColorizer, type ColorizeErrorCode, type RgbaImage } from '@colorize/model';
import { psnr } from '@colorize/model/metrics';
import { decodeImage, DEFAULT_MODEL_DIR, loadColorizerFromDir, useNodeBackend } from '@colorize/model/node';
import { createTrainer } from '@colorize/model/training';
import { ColorizeApiError, createColorizer } from '@colorize/sdk';
import { createLocalColorizer, type LocalColorizer } from '@colorize/sdk/local';

export async function typed(endpoint: string, bytes: Uint8Array): Promise<ColorizeErrorCode | number> {
  await useNodeBackend('wasm');
  const local: LocalColorizer = await createLocalColorizer({ modelUrl: `file://${DEFAULT_MODEL_DIR}` });
  const image: RgbaImage = await decodeImage(bytes);
  const out = await local.colorizeToPixels(image, { saturation: 1 });
  const model = await loadColorizerFromDir();
  void loadColorizer;
  void createTrainer;
  try {
    await createColorizer({ endpoint }).colorize(new Blob([]));
  } catch (e) {
    if (e instanceof ColorizeApiError) {
      const code: ColorizeErrorCode = e.code;
      const status: number = e.status;
      return e instanceof ColorizeError ? code : status;
    }
  }
  model.dispose();
  return psnr(out, image);
}
