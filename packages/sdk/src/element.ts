import type { Hint } from '@colorize/model';
import { createColorizer, type Colorizer } from './client.js';
import { ColorizeApiError } from './errors.js';

/** Where <colorize-image> sends photos and finds the local model unless its attributes say otherwise. */
export const defaults: {
  endpoint: string;
  modelUrl: string;
  wasmPath: string;
  /** Loads local mode (TensorFlow.js and the model package) only when a mode="local" element needs it. */
  loadLocal?: () => Promise<typeof import('./local.js')>;
} = { endpoint: '', modelUrl: '', wasmPath: '' };

const TEMPLATE = `<style>
  :host { display: inline-block; position: relative; }
  [hidden] { display: none !important; }
  [part=frame] { position: relative; line-height: 0; --split: 50%; }
  img { display: block; max-width: 100%; height: auto; }
  [part=before] { position: absolute; inset: 0; width: 100%; height: 100%; clip-path: inset(0 calc(100% - var(--split)) 0 0); }
  [part=divider] { position: absolute; top: 0; bottom: 0; left: var(--split); width: 2px; margin-left: -1px; background: #fff; box-shadow: 0 0 0 1px rgba(0,0,0,.4); pointer-events: none; }
  [part=divider]::after { content: '\\2194'; position: absolute; top: 50%; left: 50%; transform: translate(-50%, -50%); width: 28px; height: 28px; border-radius: 50%; background: #fff; color: #222; font: 18px/28px system-ui, sans-serif; text-align: center; box-shadow: 0 1px 4px rgba(0,0,0,.45); }
  [part=compare] { position: absolute; inset: 0; width: 100%; height: 100%; margin: 0; opacity: 0; cursor: ew-resize; touch-action: pan-y; }
  [part=compare]:focus-visible + [part=divider] { outline: 3px solid #f0a000; }
  .tag { position: absolute; top: .4em; padding: .2em .4em; border-radius: 4px; background: rgba(0,0,0,.55); color: #fff; font: 12px/1 system-ui, sans-serif; pointer-events: none; }
  .tag.before { left: .4em; }
  .tag.after { right: .4em; }
  [part=status] { position: absolute; inset: auto 0 0 0; padding: .3em .6em; font: 13px/1.4 system-ui, sans-serif; background: rgba(0,0,0,.6); color: #fff; }
  [part=status]:empty { display: none; }
  [part=error] { color: #a40000; font: 14px/1.4 system-ui, sans-serif; padding: .3em 0; }
  [part=error]:empty { display: none; }
</style>
<div part="frame"><img part="image" alt=""><span class="compare" hidden><img part="before" alt=""><input part="compare" type="range" min="0" max="100" value="50"><span part="divider"></span><span class="tag before" aria-hidden="true">Before</span><span class="tag after" aria-hidden="true">After</span></span></div><div part="status" role="status" aria-live="polite"></div><div part="error" role="alert"></div>`;

/**
 * The hints attribute's list, as JSON; undefined without the attribute. Only the JSON is read
 * here: the worker (or the model, in local mode) checks the hints against the photo.
 */
function parseHintsAttribute(value: string | null): Hint[] | undefined {
  if (value === null) return undefined;
  try {
    return JSON.parse(value) as Hint[];
  } catch (e) {
    throw new ColorizeApiError('invalid_hints', `The hints attribute is not JSON, a list like [{"x": 10, "y": 20, "color": "#c0392b"}] (${(e as Error).message}).`);
  }
}

/**
 * <colorize-image src="photo.jpg" mode="edge|local" endpoint="…" model-url="…" saturation="1"
 * hints='[{"x":10,"y":20,"color":"#c0392b"}]' compare>: shows the original, then the colorized
 * photo (with `compare`, the original over its left part, up to a divider dragged or moved with
 * the arrow keys); says what it is doing and why it failed. The `hints` property is the attribute
 * as a list.
 */
export class ColorizeImageElement extends HTMLElement {
  static observedAttributes = ['src', 'mode', 'endpoint', 'model-url', 'saturation', 'alt', 'hints', 'compare'];
  private readonly root: ShadowRoot;
  private run = 0;
  private objectUrl?: string;
  private controller?: AbortController;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.innerHTML = TEMPLATE;
    const slider = this.shadowPart('compare') as HTMLInputElement;
    slider.addEventListener('input', () => this.showSplit());
  }

  connectedCallback(): void {
    // A page may set el.hints before this script defined the element: that own property would hide the setter.
    if (Object.hasOwn(this, 'hints')) {
      const value = (this as { hints?: Hint[] }).hints;
      Reflect.deleteProperty(this, 'hints');
      this.hints = value;
    }
    void this.update();
  }

  disconnectedCallback(): void {
    this.controller?.abort();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
  }

  attributeChangedCallback(name: string): void {
    // Showing or hiding the divider is no reason to colorize again.
    if (name === 'compare') this.showCompare();
    else if (this.isConnected) void this.update();
  }

  /** The colour hints, reflected as the hints attribute's JSON; a malformed attribute reads as undefined. */
  get hints(): Hint[] | undefined {
    try {
      return parseHintsAttribute(this.getAttribute('hints'));
    } catch {
      return undefined;
    }
  }

  /** Setting them (or null / undefined, to drop them) colorizes again, as the attribute does. */
  set hints(value: readonly Hint[] | null | undefined) {
    if (value === undefined || value === null) this.removeAttribute('hints');
    else this.setAttribute('hints', JSON.stringify(value));
  }

  private shadowPart(name: string): HTMLElement {
    return this.root.querySelector(`[part=${name}]`)!;
  }

  /** The divider, over a colorized photo, when the compare attribute asks for it. */
  private showCompare(): void {
    const on = this.hasAttribute('compare') && this.dataset.state === 'done';
    (this.root.querySelector('.compare') as HTMLElement).hidden = !on;
    if (!on) return;
    const alt = this.getAttribute('alt') ?? 'Photo';
    const before = this.shadowPart('before') as HTMLImageElement;
    before.src = this.getAttribute('src') ?? '';
    before.alt = `${alt} (original)`;
    this.shadowPart('compare').setAttribute('aria-label', `Before and after: ${alt}`);
    this.showSplit();
  }

  private showSplit(): void {
    const { value } = this.shadowPart('compare') as HTMLInputElement;
    this.shadowPart('frame').style.setProperty('--split', `${value}%`);
    this.shadowPart('compare').setAttribute('aria-valuetext', `${value} % original, ${100 - Number(value)} % colorized`);
  }

  private async colorizer(): Promise<Colorizer> {
    if (this.getAttribute('mode') === 'local') {
      const modelUrl = this.getAttribute('model-url') || defaults.modelUrl;
      if (!modelUrl) throw new ColorizeApiError('invalid_input', 'mode="local" needs a model-url.');
      if (!defaults.loadLocal) throw new ColorizeApiError('invalid_input', 'Local mode is not available in this build.');
      const { createLocalColorizer } = await defaults.loadLocal();
      return createLocalColorizer({ modelUrl, wasmPath: defaults.wasmPath || undefined });
    }
    const endpoint = this.getAttribute('endpoint') || defaults.endpoint;
    if (!endpoint) throw new ColorizeApiError('invalid_input', 'Set the endpoint attribute to the colorize API.');
    return createColorizer({ endpoint });
  }

  private async update(): Promise<void> {
    const src = this.getAttribute('src');
    const run = ++this.run;
    this.controller?.abort();
    this.controller = new AbortController();
    const img = this.shadowPart('image') as HTMLImageElement;
    const status = this.shadowPart('status');
    const error = this.shadowPart('error');
    error.textContent = '';
    if (!src) return;
    img.src = src;
    img.alt = `${this.getAttribute('alt') ?? 'Photo'} (original)`;
    this.setAttribute('aria-busy', 'true');
    this.dataset.state = 'loading';
    this.showCompare(); // the original alone while its colours are on their way
    status.textContent = 'Colorizing…';
    try {
      const hints = parseHintsAttribute(this.getAttribute('hints'));
      const colorizer = await this.colorizer();
      const saturation = Number(this.getAttribute('saturation') ?? 1);
      // The element shows a page's own image to every visitor: the worker may cache it (local mode ignores this).
      const blob = await colorizer.colorize(new URL(src, document.baseURI), { saturation, hints, cache: 'public', signal: this.controller.signal });
      if (run !== this.run) return;
      if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = URL.createObjectURL(blob);
      img.src = this.objectUrl;
      img.alt = `${this.getAttribute('alt') ?? 'Photo'} (colorized)`;
      this.dataset.state = 'done';
      this.showCompare();
      status.textContent = '';
      this.dispatchEvent(new CustomEvent('colorized', { detail: { blob } }));
    } catch (e) {
      if (run !== this.run) return;
      this.dataset.state = 'error';
      status.textContent = '';
      error.textContent = `Could not colorize this photo: ${(e as Error).message}`;
      this.dispatchEvent(new CustomEvent('error', { detail: e }));
    } finally {
      if (run === this.run) this.removeAttribute('aria-busy');
    }
  }
}

export function defineColorizeImage(name = 'colorize-image'): void {
  if (typeof customElements !== 'undefined' && !customElements.get(name)) customElements.define(name, ColorizeImageElement);
}
