'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { edge, explain, notAnImage, onDevice } from '../../lib/colorizers';
import { Compare } from './compare';

interface Item {
  id: number;
  file: File;
  original: string;
  state: 'working' | 'done' | 'error';
  message: string;
  result?: string;
  saturation: number;
  where?: string;
}

let nextId = 0;
const base = (name: string) => name.replace(/\.[^.]+$/, '');

export function Home() {
  const [items, setItems] = useState<Item[]>([]);
  const [local, setLocal] = useState(false);
  const [backend, setBackend] = useState('');
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const update = (id: number, patch: Partial<Item>) => setItems((xs) => xs.map((x) => (x.id === id ? { ...x, ...patch } : x)));

  const run = useCallback(async (item: Item, onThisDevice: boolean) => {
    update(item.id, { state: 'working', message: onThisDevice ? 'Colorizing on this device…' : 'Uploading and colorizing…' });
    try {
      let blob: Blob;
      if (onThisDevice) {
        const device = await onDevice();
        setBackend(device.pick.reason);
        blob = await device.colorizer.colorize(item.file, { saturation: item.saturation });
      } else {
        blob = await edge().colorize(item.file, { saturation: item.saturation });
      }
      setItems((xs) => xs.map((x) => {
        if (x.id !== item.id) return x;
        if (x.result) URL.revokeObjectURL(x.result);
        return { ...x, state: 'done', message: '', result: URL.createObjectURL(blob), where: onThisDevice ? 'on this device' : 'at the edge' };
      }));
    } catch (e) {
      update(item.id, { state: 'error', message: explain(e, item.file) });
    }
  }, []);

  const add = useCallback((files: Iterable<File>) => {
    const fresh: Item[] = [];
    for (const file of files) {
      const refused = notAnImage(file);
      const item: Item = { id: nextId++, file, original: refused ? '' : URL.createObjectURL(file), state: refused ? 'error' : 'working', message: refused ?? 'Waiting…', saturation: 1 };
      fresh.push(item);
    }
    setItems((xs) => [...fresh, ...xs]);
    for (const item of fresh) if (item.state !== 'error') void run(item, local);
  }, [local, run]);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length) add(files);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [add]);

  return (
    <>
      <h1>Colour for black-and-white photos</h1>
      <p className="lead">Drop, paste or pick photos. Each comes back at its own size, with colour from a pix2pix model.</p>
      <div
        className={`drop${over ? ' over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); add(e.dataTransfer.files); }}
      >
        <p>Drop photos here, paste them, or</p>
        <label className="button">
          Choose photos
          <input ref={input} className="visually-hidden" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-label="Choose photos to colorize"
            onChange={(e) => { if (e.target.files) add(e.target.files); e.target.value = ''; }} />
        </label>
        <p className="row" style={{ justifyContent: 'center', marginBottom: 0 }}>
          <label>
            <input type="checkbox" checked={local} onChange={(e) => setLocal(e.target.checked)} />
            Colorize on this device: the photo never leaves your computer
          </label>
          {local && backend && <span className="status" data-testid="backend">Runs on {backend}</span>}
        </p>
      </div>
      <section className="grid" aria-label="Your photos" aria-live="polite">
        {items.map((item) => (
          <article className="card" key={item.id} data-state={item.state} data-testid="photo">
            <div className="name">{item.file.name}</div>
            {item.state === 'done' && item.result ? (
              <>
                <Compare before={item.original} after={item.result} name={item.file.name} />
                <label className="status">
                  Saturation {item.saturation.toFixed(1)}
                  <input type="range" min={0} max={2} step={0.1} value={item.saturation}
                    onChange={(e) => update(item.id, { saturation: Number(e.target.value) })}
                    onPointerUp={() => void run(item, local)} onKeyUp={() => void run(item, local)} aria-label={`Saturation for ${item.file.name}`} />
                </label>
                <div className="row">
                  <a className="button" href={item.result} download={`${base(item.file.name)}-colorized.png`}>Download</a>
                  <span className="status">colorized {item.where}</span>
                </div>
              </>
            ) : item.original ? (
              <img src={item.original} alt={`${item.file.name}, original`} style={{ width: '100%', height: 'auto', opacity: 0.6 }} />
            ) : null}
            {item.state === 'working' && <p className="status" role="status">{item.message}</p>}
            {item.state === 'error' && (
              <div className="row">
                <p className="error" role="alert">{item.message}</p>
                {item.original && <button className="secondary" onClick={() => void run(item, local)}>Try again</button>}
              </div>
            )}
          </article>
        ))}
      </section>
    </>
  );
}
