/**
 * A photo's pixels via the browser's decoder, its shorter side at most `maxShort`: the training
 * session shrinks photos to 3x the model's size anyway (atMost in @colorize/model), and a
 * phone's 48 MP photo would otherwise cost 192 MB in the page and again in the worker.
 */
export async function pixels(blob: Blob, maxShort = Infinity): Promise<ImageData> {
  const bitmap = await createImageBitmap(blob);
  const k = Math.min(1, maxShort / Math.min(bitmap.width, bitmap.height));
  const [w, h] = [Math.max(1, Math.round(bitmap.width * k)), Math.max(1, Math.round(bitmap.height * k))];
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return ctx.getImageData(0, 0, w, h);
}

export async function pngBlob(image: ImageData): Promise<Blob> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}
