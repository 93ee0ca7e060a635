'use client';
import { useSyncExternalStore } from 'react';

export interface Swatch {
  /** What it is for, in plain words (its accessible name, and its tooltip). */
  name: string;
  color: string;
}

/**
 * The colours photos of people and places need again and again. The model keeps each pixel's
 * lightness and takes only a point's hue and strength, so one swatch serves a whole range of
 * shades: light and dark skin differ in strength more than in hue. "No colour" turns a spot grey.
 */
export const SWATCHES: readonly Swatch[] = [
  { name: 'Light skin', color: '#f0c8a8' },
  { name: 'Medium skin', color: '#d39a70' },
  { name: 'Tanned skin', color: '#a86b45' },
  { name: 'Dark skin', color: '#6b4330' },
  { name: 'Lips', color: '#b8505a' },
  { name: 'Blond hair', color: '#c9a35c' },
  { name: 'Brown hair', color: '#6a4428' },
  { name: 'Red hair', color: '#a4491f' },
  { name: 'Blue sky', color: '#5b8fd0' },
  { name: 'Green leaves', color: '#4d7f30' },
  { name: 'No colour (grey)', color: '#808080' },
];

/** Colours a person chose themselves with "More colours", newest first, across photos and visits. */
const KEY = 'colorize.recent-colours';
const MAX_RECENT = 5;
const listeners = new Set<() => void>();
let recent: string[] | undefined;
const NONE: string[] = [];

function read(): string[] {
  if (recent) return recent;
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    recent = Array.isArray(saved) ? saved.filter((c): c is string => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c)).slice(0, MAX_RECENT) : [];
  } catch {
    recent = []; // storage off, or something else's value
  }
  return recent;
}

/** Keep a colour the person picked, unless it is one of the swatches already. */
export function remember(color: string): void {
  const c = color.toLowerCase();
  if (SWATCHES.some((s) => s.color === c)) return;
  recent = [c, ...read().filter((r) => r !== c)].slice(0, MAX_RECENT);
  try {
    localStorage.setItem(KEY, JSON.stringify(recent));
  } catch {
    // Not kept past this page: still offered in it.
  }
  listeners.forEach((l) => l());
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** The recent picks, kept in step across every open picker. */
export const useRecentColours = (): string[] => useSyncExternalStore(subscribe, read, () => NONE);
