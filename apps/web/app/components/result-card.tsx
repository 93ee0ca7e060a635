'use client';
import { useState } from 'react';
import { canRetry, explain, type PhotoSettings } from '../../lib/colorizers';
import { useRecolorize, type ColorizeRun } from '../../lib/use-recolorize';
import { PointEditor } from './point-editor';

const base = (name: string) => name.replace(/\.[^.]+$/, '');

/**
 * One photo and its result: colorized on mount, then again shortly after each change of
 * saturation or colour points. A failure keeps the last result and every point, and says why
 * beside them; "Try again" only where trying again can help.
 */
export function ResultCard({ file, original, colorize, onRemove, touch, takesHints = true, working = 'Colorizing…' }: {
  file: File;
  /** The photo as given (an object URL). */
  original: string;
  colorize: ColorizeRun<PhotoSettings>;
  onRemove?(): void;
  touch: boolean;
  /**
   * Whether the model takes colour points (the shipped one does; a studio model made before them
   * does not): without, none are offered or sent, and those placed stay for a model that takes them.
   */
  takesHints?: boolean;
  /** What the first colorize says while it runs. */
  working?: string;
}) {
  const [settings, setSettings] = useState<PhotoSettings>({ saturation: 1, hints: [] });
  /** The browser cannot show the file (damaged past its first bytes): no broken-image icon, the message says why. */
  const [unreadable, setUnreadable] = useState(false);
  const result = useRecolorize(takesHints ? settings : { ...settings, hints: [] }, colorize);
  const { url, busy, error } = result;
  const state = url ? 'done' : error ? 'error' : 'working';
  const download = `${base(file.name)}-colorized.png`;

  return (
    <article className="card" data-state={state} data-busy={busy} data-testid="photo" aria-label={file.name}>
      <div className="head">
        <div className="name">{file.name}</div>
        {onRemove && <button type="button" className="secondary small" aria-label={`Remove ${file.name}`} onClick={onRemove}>Remove</button>}
      </div>
      {url ? (
        <>
          <PointEditor name={file.name} before={original} after={url} hints={settings.hints} busy={busy} touch={touch} takesHints={takesHints}
            onHints={(hints) => setSettings((s) => ({ ...s, hints }))} />
          <label className="status">
            Saturation {settings.saturation.toFixed(1)}
            <input type="range" min={0} max={2} step={0.1} value={settings.saturation} aria-label={`Saturation for ${file.name}`}
              onChange={(e) => setSettings((s) => ({ ...s, saturation: Number(e.target.value) }))} />
          </label>
          <div className="row">
            {/* While new colours are on their way the link would give the old ones: it waits. */}
            <a className="button" href={url} download={download} aria-disabled={busy}
              onClick={(e) => busy && e.preventDefault()}>Download</a>
            <span className="status" role="status">{busy ? <><span className="spinner" aria-hidden="true" /> Updating the colours…</> : `colorized ${result.note ?? ''}`}</span>
          </div>
        </>
      ) : (
        <>
          {!unreadable && <img className="waiting" src={original} alt={`${file.name}, original`} onError={() => setUnreadable(true)} />}
          {busy && <p className="status" role="status"><span className="spinner" aria-hidden="true" /> {working}</p>}
        </>
      )}
      {error !== undefined && !busy && (
        <div className="row">
          <p className="error" role="alert">{explain(error, file)}{url && settings.hints.length > 0 && ' Your colour points are kept.'}</p>
          {canRetry(error) && <button type="button" className="secondary" onClick={result.retry}>Try again</button>}
        </div>
      )}
    </article>
  );
}
