// A consumer's TypeScript, checked with NodeNext resolution against the installed tarballs:
// every entry must resolve with its types, and the error code must be the typed union.
import { ColorizeError, loadColorizer, type ColorizeErrorCode, type RgbaImage } from '@colorize/model';
import { psnr } from '@colorize/model/metrics';
import { decodeImage, DEFAULT_MODEL_DIR, loadColorizerFromDir, useNodeBackend } from '@colorize/model/node';
import { createTrainer } from '@colorize/model/training';
import { ColorizeApiError, createColorizer, type Hint } from '@colorize/sdk';
import { createLocalColorizer, type LocalColorizer } from '@colorize/sdk/local';

export async function typed(endpoint: string, bytes: Uint8Array): Promise<ColorizeErrorCode | number> {
  await useNodeBackend('wasm');
  const local: LocalColorizer = await createLocalColorizer({ modelUrl: `file://${DEFAULT_MODEL_DIR}` });
  const image: RgbaImage = await decodeImage(bytes);
  const out = await local.colorizeToPixels(image, { saturation: 1 });
  // Colour hints, typed from the SDK (the model's Hint), at the edge and in local mode.
  const hints: Hint[] = [{ x: 10, y: 20, color: '#c0392b' }, { x: 30, y: 40, color: '#2e86c1', size: 8 }];
  void createColorizer({ endpoint }).colorizeToURL(new URL('photo.jpg', endpoint), { hints });
  await local.colorizeToPixels(image, { hints });
  // @ts-expect-error a hint needs its colour: the published types resolve the model's Hint (skipLibCheck would let an unresolved one be any)
  await local.colorizeToPixels(image, { hints: [{ x: 1, y: 2 }] });
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
