/** The edge worker, unless EDGE_URL (at run time) or NEXT_PUBLIC_EDGE_URL (at build time) says otherwise: the local `wrangler dev` that `npm start` runs. */
export const DEFAULT_EDGE_URL = process.env.NEXT_PUBLIC_EDGE_URL ?? 'http://127.0.0.1:8787';

/** On the server: the configured worker. In the page: what the layout wrote into <meta name="colorize-edge">. */
export function edgeUrl(): string {
  if (typeof document === 'undefined') return process.env.EDGE_URL ?? DEFAULT_EDGE_URL;
  return document.querySelector<HTMLMetaElement>('meta[name="colorize-edge"]')?.content || DEFAULT_EDGE_URL;
}

/** The shipped model and tfjs's .wasm files, served by this site (scripts/copy-assets.mjs). */
export const MODEL_URL = '/models/default/model.json';
export const WASM_PATH = '/tfjs/';

/** The black-and-white photo /embed colorizes, a whole scene (copied by scripts/copy-assets.mjs). */
export const DEMO_PHOTO = '/demo/bw-taj-mahal.jpg';
