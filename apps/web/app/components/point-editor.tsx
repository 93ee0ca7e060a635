'use client';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { MAX_HINTS, type Hint } from '@colorize/model';
import { colourAt, moved, percentOf, photoPoint, pointLabel, whereIn, type Point } from '../../lib/points';
import { ColourPicker } from './colour-picker';

type Mode = 'compare' | 'points';

/** Keyboard steps, as a fraction of the photo's side: arrows, and arrows with Shift. */
const STEP = 0.01;
const BIG_STEP = 0.1;
/** The crosshair is "on" a point within this many screen pixels of it. */
const NEAR_PX = 12;
/** A press that moves less than this (screen pixels) is a click, not a drag. */
const DRAG_PX = 4;

const step = (side: number, big: boolean) => Math.max(1, Math.round(side * (big ? BIG_STEP : STEP)));

/** Arrow keys as a move of (dx, dy) in steps; undefined for any other key. */
function arrow(key: string): [number, number] | undefined {
  return ({ ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] } as Record<string, [number, number]>)[key];
}

export interface PointEditorProps {
  name: string;
  /** The photo as given, and the colorized result (URLs): the same picture, the same size. */
  before: string;
  after: string;
  /** Colour points in the photo's own pixels (as it is seen, EXIF-oriented). */
  hints: Hint[];
  onHints(hints: Hint[]): void;
  /** A new result is on its way: the photo says so. */
  busy: boolean;
  touch: boolean;
  /** Whether the model takes colour points: without, only Compare is offered, and the note says why. */
  takesHints: boolean;
}

/**
 * A result to look at and steer. Two modes a person switches between, so a click never means
 * two things: "Compare" (the before/after divider, dragged anywhere on the photo or moved with
 * the keyboard) and "Add colour points" (click or tap to drop a point, drag one to move it, and
 * a colour picker beside it, preset to the colour the model gave that spot). From the keyboard: focus the
 * photo, move the crosshair with the arrows, Enter drops a point, Delete removes one; a polite
 * live region says where the crosshair (or a point moved from the keyboard) is, in words.
 */
export function PointEditor({ name, before, after, hints, onHints, busy, touch, takesHints }: PointEditorProps) {
  const [mode, setMode] = useState<Mode>('compare');
  const [split, setSplit] = useState(50);
  const [size, setSize] = useState<{ width: number; height: number }>();
  const [cursor, setCursor] = useState<Point>();
  const [selected, setSelected] = useState<number>();
  const [dragged, setDragged] = useState<{ index: number; at: Point }>();
  /** The point last moved with its arrow keys: the live region follows it instead of the crosshair. */
  const [keyMoved, setKeyMoved] = useState<number>();
  const [cleared, setCleared] = useState<Hint[]>();
  const [notice, setNotice] = useState('');
  /** Counts openings of the picker: each opening is a fresh picker, which takes the focus. */
  const [picking, setPicking] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const handle = useRef<HTMLSpanElement>(null);
  const afterImg = useRef<HTMLImageElement>(null);
  /** The colour the model gave each point's spot when it was added (by point), offered back in its picker. */
  const [modelColours, setModelColours] = useState<string[]>([]);
  const [clearedModelColours, setClearedModelColours] = useState<string[]>([]);
  const drag = useRef<{ index: number; x: number; y: number; moved: boolean } | undefined>(undefined);
  const swallowClick = useRef(false);
  const comparing = useRef(false);
  const returnTo = useRef<HTMLElement | null>(null);
  const keysId = useId();
  const tap = touch ? 'Tap' : 'Click';
  const points = takesHints && mode === 'points';
  const { width, height } = size ?? { width: 1, height: 1 };

  // The result may be decoded before React sees its load event.
  useEffect(() => {
    const img = afterImg.current;
    if (img?.complete && img.naturalWidth) setSize({ width: img.naturalWidth, height: img.naturalHeight });
  }, [after]);

  const at = (e: { clientX: number; clientY: number }) => photoPoint(e.clientX, e.clientY, box.current!.getBoundingClientRect(), width, height);
  const splitAt = (e: { clientX: number }) => {
    const r = box.current!.getBoundingClientRect();
    return Math.min(100, Math.max(0, Math.round(((e.clientX - r.left) / r.width) * 100)));
  };

  /** The point under p on screen, if any. */
  function pointNear(p: Point): number | undefined {
    const scale = box.current ? box.current.getBoundingClientRect().width / width : 1;
    let near: number | undefined;
    let best = NEAR_PX;
    hints.forEach((h, i) => {
      const d = Math.hypot(h.x - p.x, h.y - p.y) * scale;
      if (d <= best) [near, best] = [i, d];
    });
    return near;
  }

  function choose(index: number, from: HTMLElement | null) {
    returnTo.current = from;
    setSelected(index);
    setPicking((n) => n + 1);
    setNotice('');
  }

  function close() {
    setSelected(undefined);
    (returnTo.current?.isConnected ? returnTo.current : box.current)?.focus();
  }

  function add(p: Point) {
    if (hints.length >= MAX_HINTS) {
      setNotice(`At most ${MAX_HINTS} colour points on a photo: remove one to add another.`);
      return;
    }
    const color = colourAt(afterImg.current!, p);
    setModelColours((cs) => [...cs.slice(0, hints.length), color]);
    onHints([...hints, { x: p.x, y: p.y, color }]);
    setCleared(undefined);
    choose(hints.length, box.current);
  }

  function remove(index: number) {
    onHints(hints.filter((_, i) => i !== index));
    setModelColours((cs) => cs.filter((_, i) => i !== index));
    setKeyMoved(undefined);
    setSelected(undefined); // the points after it move up one: no picker may point at the wrong one
    box.current?.focus();
  }

  const edit = (index: number, change: Partial<Hint>) => onHints(hints.map((h, i) => (i === index ? { ...h, ...change } : h)));

  function switchTo(next: Mode) {
    setMode(next);
    setSelected(undefined);
    setNotice('');
  }

  function onPhotoKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.target !== e.currentTarget || !points || !size) return;
    const here = cursor ?? { x: Math.floor(width / 2), y: Math.floor(height / 2) };
    const move = arrow(e.key);
    if (move) {
      setKeyMoved(undefined);
      setCursor(moved(here, move[0] * step(width, e.shiftKey), move[1] * step(height, e.shiftKey), width, height));
    } else if (e.key === 'Enter' || e.key === ' ') {
      const near = pointNear(here);
      if (near === undefined) add(here);
      else choose(near, box.current);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      const near = pointNear(here);
      if (near !== undefined) remove(near);
    } else if (e.key === 'Escape' && selected !== undefined) {
      setSelected(undefined);
    } else {
      return;
    }
    e.preventDefault();
  }

  function onDividerKey(e: KeyboardEvent<HTMLSpanElement>) {
    const big = e.shiftKey ? 10 : 1;
    const next = ({
      ArrowLeft: split - big, ArrowDown: split - big, ArrowRight: split + big, ArrowUp: split + big,
      PageDown: split - 10, PageUp: split + 10, Home: 0, End: 100,
    } as Record<string, number>)[e.key];
    if (next === undefined) return;
    e.preventDefault();
    setSplit(Math.min(100, Math.max(0, next)));
  }

  const compareDown = (e: PointerEvent<HTMLDivElement>) => {
    swallowClick.current = false;
    if (points || !e.isPrimary || e.button !== 0) return;
    comparing.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    handle.current?.focus({ preventScroll: true });
    if (e.pointerType !== 'touch') setSplit(splitAt(e));
  };

  const near = points && cursor ? pointNear(cursor) : undefined;
  const hint = selected === undefined ? undefined : hints[selected];
  const movedHint = keyMoved === undefined ? undefined : hints[keyMoved];
  const spoken = !points ? ''
    : movedHint ? `Colour point ${keyMoved! + 1}, ${whereIn(movedHint, width, height)}`
    : cursor && size ? `Crosshair ${whereIn(cursor, width, height)}${near === undefined ? '' : `; on colour point ${near + 1}`}`
    : '';

  return (
    <div className="editor">
      {takesHints ? (
        <div className="modes" role="group" aria-label={`What the photo of ${name} does`}>
          <button type="button" className="secondary small" aria-pressed={!points} onClick={() => switchTo('compare')}>Compare</button>
          <button type="button" className="secondary small" aria-pressed={points} onClick={() => switchTo('points')}>Add colour points</button>
        </div>
      ) : (
        <p className="status" data-testid="no-points">
          This model was trained without colour points.{hints.length > 0 && ' Yours are kept for a model that takes them.'}
        </p>
      )}
      <div
        ref={box}
        className={`photo ${points ? 'points' : 'compare'}`}
        data-testid="photo-box"
        {...(points ? { tabIndex: 0, role: 'application', 'aria-label': `${name}: colour points`, 'aria-describedby': keysId } : {})}
        onPointerDown={compareDown}
        onPointerMove={(e) => comparing.current && setSplit(splitAt(e))}
        onPointerUp={(e) => {
          // A finger sets the divider where it lifts: put down to scroll, it would jump at every touch.
          if (comparing.current && e.pointerType === 'touch') setSplit(splitAt(e));
          comparing.current = false;
        }}
        onPointerCancel={() => (comparing.current = false)}
        onClick={(e) => {
          if (swallowClick.current) swallowClick.current = false; // the end of a point's drag, not a new point
          else if (points && size) add(at(e));
        }}
        onKeyDown={onPhotoKey}
        onFocus={(e) => {
          if (e.target !== e.currentTarget) return;
          setKeyMoved(undefined); // back on the photo: the crosshair is what moves
          if (!cursor && size) setCursor({ x: Math.floor(width / 2), y: Math.floor(height / 2) });
        }}
      >
        <img src={before} alt={`${name}, original`} draggable={false} />
        <img ref={afterImg} className="after" src={after} alt={`${name}, colorized`} draggable={false}
          style={{ clipPath: points ? 'none' : `inset(0 0 0 ${split}%)` }}
          onLoad={(e) => setSize({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })} />
        {!points && (
          <>
            <span className="tag left" aria-hidden="true">Before</span>
            <span className="tag right" aria-hidden="true">After</span>
            <div className="divider" style={{ left: `${split}%` }}>
              <span ref={handle} className="handle" role="slider" tabIndex={0} aria-label={`Before and after divider, ${name}`}
                aria-valuemin={0} aria-valuemax={100} aria-valuenow={split} aria-valuetext={`${split} % original, ${100 - split} % colorized`}
                aria-orientation="horizontal" onKeyDown={onDividerKey} />
            </div>
          </>
        )}
        {points && size && hints.map((h, i) => {
          const p = dragged?.index === i ? dragged.at : h;
          const { left, top } = percentOf(p, width, height);
          return (
            <button key={i} type="button" className={`point${i === selected ? ' selected' : ''}${i === near ? ' near' : ''}`}
              style={{ left: `${left}%`, top: `${top}%`, background: h.color }} aria-label={pointLabel(h, i, width, height)} data-testid="point"
              onPointerDown={(e) => {
                e.stopPropagation();
                swallowClick.current = false;
                e.currentTarget.setPointerCapture(e.pointerId);
                drag.current = { index: i, x: e.clientX, y: e.clientY, moved: false };
              }}
              onPointerMove={(e) => {
                const d = drag.current;
                if (!d || d.index !== i || (!d.moved && Math.hypot(e.clientX - d.x, e.clientY - d.y) < DRAG_PX)) return;
                d.moved = true;
                setDragged({ index: i, at: at(e) });
              }}
              onPointerUp={(e) => {
                const d = drag.current;
                drag.current = undefined;
                if (!d?.moved) return;
                swallowClick.current = true; // the click that ends a drag chooses nothing
                setDragged(undefined);
                edit(i, at(e));
              }}
              onPointerCancel={() => {
                drag.current = undefined;
                setDragged(undefined);
              }}
              onClick={(e) => {
                e.stopPropagation();
                if (swallowClick.current) swallowClick.current = false;
                else choose(i, e.currentTarget);
              }}
              onKeyDown={(e) => {
                const move = arrow(e.key);
                if (move) {
                  edit(i, moved(h, move[0] * step(width, e.shiftKey), move[1] * step(height, e.shiftKey), width, height));
                  setKeyMoved(i);
                } else if (e.key === 'Delete' || e.key === 'Backspace') remove(i);
                else return;
                e.preventDefault();
              }} />
          );
        })}
        {points && cursor && size && <span className="crosshair" aria-hidden="true" style={{ left: `${percentOf(cursor, width, height).left}%`, top: `${percentOf(cursor, width, height).top}%` }} />}
        {busy && <span className="busy" aria-hidden="true" />}
      </div>
      {points ? (
        <div className="pointbar">
          <p className="status">
            {tap} the photo to add a colour point: it colours the area around it.{hints.length > 0 && ` Drag a point to move it; ${tap.toLowerCase()} it to change its colour.`}
          </p>
          {(hints.length > 0 || cleared) && (
            <button type="button" className="secondary small" onClick={() => {
              if (hints.length) {
                setCleared(hints);
                setClearedModelColours(modelColours);
                setModelColours([]);
                setSelected(undefined);
                onHints([]);
              } else if (cleared) {
                setCleared(undefined);
                setModelColours(clearedModelColours);
                onHints(cleared);
              }
            }}>{hints.length ? 'Clear all points' : `Bring back ${cleared!.length === 1 ? 'the point' : `${cleared!.length} points`}`}</button>
          )}
          {notice && <p className="error" role="alert">{notice}</p>}
          <p className="status keys" id={keysId}>
            Keyboard: the arrows move the crosshair (with Shift, further), Enter adds a point or opens the one under it, Delete removes it,
            Escape closes the colours. On a focused point, the arrows move the point and Delete removes it.
          </p>
        </div>
      ) : (
        <p className="status">{touch ? 'Slide along' : 'Drag across'} the photo to compare the original with its colours.</p>
      )}
      {points && hint && selected !== undefined && (
        <ColourPicker key={picking} index={selected} color={hint.color} modelColour={modelColours[selected]} box={box}
          at={percentOf(dragged?.index === selected ? dragged.at : hint, width, height)}
          onColour={(color) => edit(selected, { color })} onRemove={() => remove(selected)} onDone={close} />
      )}
      {/* Always there, so a screen reader hears each change (a region added with its words is not read). */}
      <p className="visually-hidden" aria-live="polite" data-testid="where">{spoken}</p>
    </div>
  );
}
