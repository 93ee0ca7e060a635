'use client';
import { useId, useState } from 'react';

/** Before/after: the colorized image over the original, revealed up to the slider. */
export function Compare({ before, after, name }: { before: string; after: string; name: string }) {
  const [split, setSplit] = useState(50);
  const id = useId();
  return (
    <div>
      <div className="compare">
        <img src={before} alt={`${name}, original`} />
        <img className="after" src={after} alt={`${name}, colorized`} style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }} />
      </div>
      <label htmlFor={id} className="status">
        Before / after
        <input id={id} type="range" min={0} max={100} value={split} onChange={(e) => setSplit(Number(e.target.value))} />
      </label>
    </div>
  );
}
