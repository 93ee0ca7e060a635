import type { StudioSettings } from './studio-protocol';

/** Everything the studio needs to come back after a reload, besides the checkpoint itself. */
export interface StudioSession {
  photos: { name: string; blob: Blob }[];
  /** Names of the photos held out for validation. */
  validation: string[];
  settings: StudioSettings;
  losses: { step: number; genGan: number; genL1: number; discTotal: number }[];
  metrics: { step: number; psnr: number; colourfulness: number }[];
  /** The validation photos as the model sees them (grey), and its previews before fine-tuning, as PNG. */
  greys: Blob[];
  before: Blob[];
  /** The step of the last checkpoint. */
  checkpointStep: number;
}

const DB = 'colorize-studio';
const STORE = 'session';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = f(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

export const loadSession = () => tx<StudioSession | undefined>('readonly', (s) => s.get('current') as IDBRequest<StudioSession | undefined>);
export const saveSession = (session: StudioSession) => tx('readwrite', (s) => s.put(session, 'current'));
export const clearSession = () => tx('readwrite', (s) => s.delete('current'));
