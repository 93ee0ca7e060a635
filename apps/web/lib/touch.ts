'use client';
import { useSyncExternalStore } from 'react';

// What the person mainly points with decides the verb: a finger taps. Touch events alone do
// not: a laptop with a touch screen has them, and its person clicks with a mouse or trackpad.
const COARSE = '(pointer: coarse)';
// Any mouse, trackpad or pen at all: files can then be dropped and pasted, whatever the main pointer.
const FINE = '(any-pointer: fine)';

const watch = (query: string) => (onChange: () => void): (() => void) => {
  const list = window.matchMedia(query);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
};
const subscribeCoarse = watch(COARSE);
const subscribeFine = watch(FINE);
const isCoarse = () => window.matchMedia(COARSE).matches;
const isFine = () => window.matchMedia(FINE).matches;

/** True when the main pointer is a finger (the page says "tap"); false on the server, whose first render the page then corrects. */
export const useTouch = (): boolean => useSyncExternalStore(subscribeCoarse, isCoarse, () => false);

/** True when a mouse, trackpad or pen is there (the page offers dropping and pasting); true on the server. */
export const useFinePointer = (): boolean => useSyncExternalStore(subscribeFine, isFine, () => true);
