'use client';
import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * The live <colorize-image>, created only once React has hydrated the page. The SDK's script
 * upgrades the element whenever it arrives, and the element then sets aria-busy and data-state
 * on itself: rendered on the server, those would differ from what React hydrates. Until then
 * (and without JavaScript) the black-and-white photo stands in its place.
 */
export function EmbedDemo({ src, alt, endpoint }: { src: string; alt: string; endpoint: string }) {
  const hydrated = useSyncExternalStore(never, () => true, () => false);
  if (!hydrated) return <img className="demo" src={src} alt={`${alt} (original)`} />;
  return <colorize-image className="demo" src={src} alt={alt} endpoint={endpoint} compare="" data-testid="demo" />;
}
