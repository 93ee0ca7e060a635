'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { colorizeFile, notAnImage } from '../../lib/colorizers';
import { deviceStepWords, useDeviceStep } from '../../lib/device-model';
import { useFinePointer, useTouch } from '../../lib/touch';
import { FileButton } from './file-button';
import { ResultCard } from './result-card';

interface Item {
  id: number;
  file: File;
  /** The photo as given (an object URL); absent for a file refused before sending. */
  original?: string;
  /** Why the file was refused before sending. */
  refused?: string;
}

let nextId = 0;
const ACCEPT = 'image/jpeg,image/png,image/webp';

export function Home() {
  const [items, setItems] = useState<Item[]>([]);
  const [local, setLocal] = useState(false);
  const [backend, setBackend] = useState('');
  const [over, setOver] = useState(false);
  const touch = useTouch();
  /** A mouse or trackpad is there (a touch laptop, a tablet with one): dropping and pasting are worth saying. */
  const fine = useFinePointer();
  const chooser = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLElement>(null);

  const deviceStep = useDeviceStep();

  // Each file's first bytes say whether it is a photo at all (a moment's read): what is not is refused here, never sent or shown.
  const add = useCallback(async (files: Iterable<File>) => {
    const fresh = await Promise.all([...files].map(async (file): Promise<Item> => {
      const refused = await notAnImage(file);
      return refused ? { id: nextId++, file, refused } : { id: nextId++, file, original: URL.createObjectURL(file) };
    }));
    setItems((xs) => [...fresh, ...xs]);
  }, []);

  /** A card goes, and the keyboard focus moves to the next card's Remove (or back to the file button). */
  function remove(id: number) {
    const index = items.findIndex((x) => x.id === id);
    const gone = items[index];
    if (gone?.original) URL.revokeObjectURL(gone.original);
    setItems((xs) => xs.filter((x) => x.id !== id));
    const next = items[index + 1] ?? items[index - 1];
    requestAnimationFrame(() => {
      const target = next && list.current?.querySelector<HTMLElement>(`[data-id="${next.id}"] .head button`);
      (target ?? chooser.current?.querySelector<HTMLElement>('button'))?.focus();
    });
  }

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length) void add(files);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [add]);

  return (
    <>
      <h1>Colour for black-and-white photos</h1>
      <p className="lead">
        {fine ? 'Drop, paste or pick photos' : 'Choose photos'}. Each comes back at its own size, with colour from a pix2pix model;
        add colour points to choose the colours yourself.
      </p>
      <div
        ref={chooser}
        className={`drop${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void add(e.dataTransfer.files);
        }}
      >
        {fine && <p>Drop photos here, paste them, or</p>}
        <FileButton label="Choose photos to colorize" accept={ACCEPT} multiple onFiles={(files) => void add(files)}>Choose photos</FileButton>
        <p className="row" style={{ justifyContent: 'center', marginBottom: 0 }}>
          <label className="check">
            <input type="checkbox" checked={local} onChange={(e) => setLocal(e.target.checked)} />
            <span>Colorize on this device: the photo never leaves your {touch ? 'phone or tablet' : 'computer'}</span>
          </label>
          {local && backend && <span className="status" data-testid="backend">Runs on {backend}</span>}
        </p>
      </div>
      <section ref={list} className="grid" aria-label="Your photos">
        {items.map((item) => (
          <div key={item.id} data-id={item.id} className="slot">
            {item.original ? (
              <ResultCard file={item.file} original={item.original} touch={touch} onRemove={() => remove(item.id)}
                working={local ? deviceStepWords(deviceStep) ?? 'Colorizing on this device…' : 'Uploading and colorizing…'}
                colorize={async (settings, signal) => {
                  const r = await colorizeFile(item.file, settings, local, signal);
                  if (r.backend) setBackend(r.backend);
                  return { blob: r.blob, note: r.where };
                }} />
            ) : (
              <article className="card" data-state="error" data-testid="photo" aria-label={item.file.name}>
                <div className="head">
                  <div className="name">{item.file.name}</div>
                  <button type="button" className="secondary small" aria-label={`Remove ${item.file.name}`} onClick={() => remove(item.id)}>Remove</button>
                </div>
                <p className="error" role="alert">{item.refused}</p>
              </article>
            )}
          </div>
        ))}
      </section>
    </>
  );
}
