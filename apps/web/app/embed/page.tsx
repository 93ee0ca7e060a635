import { headers } from 'next/headers';
import { DEMO_PHOTO, edgeUrl, MODEL_URL, WASM_PATH } from '../../lib/config';
import { CopyButton } from '../components/copy-button';
import { EmbedDemo } from '../components/embed-demo';

export const metadata = { title: 'Embed Colorize in your site' };

/** This site as the visitor reached it (behind a proxy, as the proxy says): what a pasted snippet must load from. */
async function siteOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  const proto = h.get('x-forwarded-proto')?.split(',')[0] ?? 'http';
  return `${proto}://${host}`;
}

const ALT = 'The Taj Mahal';

const snippet = (origin: string, endpoint: string) => `<script src="${origin}/sdk/colorize.js" data-endpoint="${endpoint}" data-wasm-path="${origin}${WASM_PATH}" async></script>

<!-- Colorized at the edge, with a before/after divider (put your own photo in src): -->
<colorize-image src="${origin}${DEMO_PHOTO}" alt="${ALT}" compare></colorize-image>

<!-- Or in the visitor's browser, so the photo is never uploaded: -->
<colorize-image mode="local" model-url="${origin}${MODEL_URL}" src="${origin}${DEMO_PHOTO}" alt="${ALT}"></colorize-image>`;

const code = (endpoint: string) => `import { createColorizer } from '@colorize/sdk';

const colorizer = createColorizer({ endpoint: '${endpoint}' });
const blob = await colorizer.colorize(fileInput.files[0], { saturation: 1.2 });
img.src = URL.createObjectURL(blob);`;

export default async function Page() {
  const endpoint = edgeUrl();
  const html = snippet(await siteOrigin(), endpoint);
  const bundled = code(endpoint);
  return (
    <>
      <h1>Embed Colorize in your site</h1>
      <p className="lead">One script tag (about 4 KB gzipped) gives you the <code>&lt;colorize-image&gt;</code> element and <code>window.Colorize</code>. Paste this into any page:</p>
      <div className="snippet-head"><h2>Copy and paste</h2><CopyButton text={html} what="the HTML" /></div>
      <pre className="snippet" data-testid="snippet"><code>{html}</code></pre>
      <div className="snippet-head"><h2>From a bundler</h2><CopyButton text={bundled} what="the JavaScript" /></div>
      <pre className="snippet" data-testid="bundler"><code>{bundled}</code></pre>
      <h2>Live demo</h2>
      <p className="status">A black-and-white photo, colorized by the edge worker at {endpoint}. Drag across it, or use the arrow keys, to compare the original with its colours.</p>
      <script src="/sdk/colorize.js" data-endpoint={endpoint} async />
      <EmbedDemo src={DEMO_PHOTO} alt={ALT} endpoint={endpoint} />
    </>
  );
}
