'use client';
import { useSyncExternalStore } from 'react';

// A coarse pointer (a finger) or touch events: the page then speaks of tapping, not dropping or pasting.
const COARSE = '(pointer: coarse)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(COARSE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const isTouch = () => window.matchMedia(COARSE).matches || 'ontouchstart' in window;

/** True on a touch screen; false on the server, whose first render the page then corrects. */
export const useTouch = (): boolean => useSyncExternalStore(subscribe, isTouch, () => false);
