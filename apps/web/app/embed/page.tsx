import { edgeUrl } from '../../lib/config';

export const metadata = { title: 'Embed Colorize in your site' };

const snippet = (origin: string, EDGE_URL: string) => `<script src="${origin}/sdk/colorize.js" data-endpoint="${EDGE_URL}" async></script>

<!-- Colorized at the edge: -->
<colorize-image src="/photos/grandparents.jpg" alt="My grandparents, 1952"></colorize-image>

<!-- Or in the visitor's browser, so the photo is never uploaded: -->
<colorize-image mode="local" model-url="${origin}/models/default/model.json" src="/photos/grandparents.jpg"></colorize-image>`;

const code = (EDGE_URL: string) => `import { createColorizer } from '@colorize/sdk';

const colorizer = createColorizer({ endpoint: '${EDGE_URL}' });
const blob = await colorizer.colorize(fileInput.files[0], { saturation: 1.2 });
img.src = URL.createObjectURL(blob);`;

export default function Page() {
  const EDGE_URL = edgeUrl();
  return (
    <>
      <h1>Embed Colorize in your site</h1>
      <p className="lead">One script tag (2.8 KB gzipped) gives you the <code>&lt;colorize-image&gt;</code> element and <code>window.Colorize</code>.</p>
      <h2>Copy and paste</h2>
      <pre className="snippet" data-testid="snippet"><code>{snippet('https://your-colorize-site.example', EDGE_URL)}</code></pre>
      <h2>From a bundler</h2>
      <pre className="snippet"><code>{code(EDGE_URL)}</code></pre>
      <h2>Live demo</h2>
      <p className="status">A black-and-white photo, colorized by the edge worker at {EDGE_URL}:</p>
      <script src="/sdk/colorize.js" data-endpoint={EDGE_URL} async />
      <colorize-image src="/demo/bw-sample.jpg" alt="A penguin" endpoint={EDGE_URL} data-testid="demo" />
    </>
  );
}
