'use client';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { remember, SWATCHES, useRecentColours, type Swatch } from '../../lib/swatches';

/** From the point's centre to the panel, in screen pixels: a fingertip's point (18) and a margin. */
const GAP = 26;
/** Kept clear of the window's edges. */
const MARGIN = 8;

interface Placement {
  left: number;
  top: number;
  side: 'right' | 'left' | 'below' | 'above';
}

/**
 * Where a w x h panel goes beside a point at (x, y), all in the window's pixels: to its right,
 * else its left, else below, else above; slid along that side to stay in the window, but never
 * over the point, which the person needs to see while choosing its colour.
 */
export function besidePoint(x: number, y: number, w: number, h: number, view: { width: number; height: number }): Placement {
  const along = (start: number, size: number, room: number) => Math.min(Math.max(start, MARGIN), Math.max(MARGIN, room - MARGIN - size));
  if (x + GAP + w <= view.width - MARGIN) return { left: x + GAP, top: along(y - h / 2, h, view.height), side: 'right' };
  if (x - GAP - w >= MARGIN) return { left: x - GAP - w, top: along(y - h / 2, h, view.height), side: 'left' };
  const left = along(x - w / 2, w, view.width);
  if (y + GAP + h <= view.height - MARGIN || y - GAP - h < MARGIN) return { left, top: y + GAP, side: 'below' };
  return { left, top: y - GAP - h, side: 'above' };
}

export interface ColourPickerProps {
  /** Which point (from 0): the panel says "Colour of point 2". */
  index: number;
  color: string;
  /** The colour the model gave the spot where the point was added. */
  modelColour?: string;
  /** The photo's box, and where the point is in it (percent): the panel sits beside the point. */
  box: RefObject<HTMLDivElement | null>;
  at: { left: number; top: number };
  onColour(color: string): void;
  onRemove(): void;
  onDone(): void;
}

/**
 * A point's colours: a row of swatches (the model's own colour there, skin, lips, hair, sky,
 * leaves, the person's recent picks), the system's colour chooser one click away, Remove and
 * Done. It opens beside the point, never over it, with the focus on the point's colour. The
 * swatches are one radio group: Tab reaches the chosen one, the arrows choose another.
 */
export function ColourPicker({ index, color, modelColour, box, at, onColour, onRemove, onDone }: ColourPickerProps) {
  const panel = useRef<HTMLDivElement>(null);
  const more = useRef<HTMLInputElement>(null);
  const [place, setPlace] = useState<Placement>();
  const recent = useRecentColours();
  const current = color.toLowerCase();
  const swatches: Swatch[] = [
    ...(modelColour ? [{ name: 'The model\'s colour here', color: modelColour.toLowerCase() }] : []),
    ...SWATCHES,
    ...recent.filter((c) => c !== modelColour?.toLowerCase()).map((c, i) => ({ name: `Your colour ${i + 1}`, color: c })),
  ];
  const chosen = swatches.findIndex((s) => s.color === current);
  const focusable = chosen < 0 ? 0 : chosen;

  // Beside the point, measured before the panel is painted; again when the point or the window moves.
  useLayoutEffect(() => {
    const measure = () => {
      const p = panel.current;
      const b = box.current?.getBoundingClientRect();
      const parent = p?.offsetParent?.getBoundingClientRect();
      if (!p || !b || !parent) return;
      const x = b.left + (at.left / 100) * b.width;
      const y = b.top + (at.top / 100) * b.height;
      const spot = besidePoint(x, y, p.offsetWidth, p.offsetHeight, { width: document.documentElement.clientWidth, height: window.innerHeight });
      setPlace({ ...spot, left: spot.left - parent.left, top: spot.top - parent.top });
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [box, at.left, at.top]);

  // Opened and placed (a hidden panel takes no focus): the focus goes to the point's colour among
  // the swatches. The panel is remounted per opening, so this happens once each time.
  const placed = place !== undefined;
  useEffect(() => {
    if (placed) panel.current?.querySelector<HTMLElement>('[role=radio][tabindex="0"]')?.focus();
  }, [placed]);

  // The system chooser's final choice (its "change", not each "input" while it is open) is kept as a recent colour.
  useEffect(() => {
    const input = more.current;
    const keep = () => input && remember(input.value);
    input?.addEventListener('change', keep);
    return () => input?.removeEventListener('change', keep);
  }, []);

  function onSwatchKey(e: KeyboardEvent<HTMLDivElement>) {
    const from = swatches.findIndex((s) => s.color === (document.activeElement as HTMLElement | null)?.dataset.color);
    const next = ({ ArrowRight: from + 1, ArrowDown: from + 1, ArrowLeft: from - 1, ArrowUp: from - 1, Home: 0, End: swatches.length - 1 } as Record<string, number>)[e.key];
    if (next === undefined || from < 0) return;
    e.preventDefault();
    const to = (next + swatches.length) % swatches.length;
    onColour(swatches[to]!.color);
    panel.current?.querySelectorAll<HTMLElement>('[role=radio]')[to]?.focus();
  }

  return (
    <div ref={panel} className="picker" role="dialog" aria-label={`Colour of point ${index + 1}`} data-testid="picker" data-side={place?.side}
      style={place ? { left: place.left, top: place.top } : { visibility: 'hidden' }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onDone();
      }}>
      <p className="picker-title">Colour of point {index + 1}</p>
      <div className="swatches" role="radiogroup" aria-label={`Colours for point ${index + 1}`} onKeyDown={onSwatchKey}>
        {swatches.map((s, i) => (
          <button key={`${s.name}${s.color}`} type="button" role="radio" className="swatch" aria-checked={i === chosen} aria-label={s.name} title={s.name}
            data-color={s.color} tabIndex={i === focusable ? 0 : -1} style={{ background: s.color }} onClick={() => onColour(s.color)} />
        ))}
      </div>
      <div className="picker-actions">
        <label className="more">
          <input ref={more} type="color" value={current} onChange={(e) => onColour(e.target.value)} />
          More colours
        </label>
        <button type="button" className="secondary small" onClick={onRemove}>Remove point</button>
        <button type="button" className="small" onClick={onDone}>Done</button>
      </div>
    </div>
  );
}
