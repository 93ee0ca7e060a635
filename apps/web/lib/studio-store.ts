import { DEFAULT_SETTINGS, type HeldOutScores, type StudioSettings } from './studio-protocol';

/** Everything the studio needs to come back after a reload, besides the checkpoint itself. */
export interface StudioSession {
  /** The photos as given (full resolution): the training session crops them and holds some out. */
  photos: { name: string; blob: Blob }[];
  settings: StudioSettings;
  losses: { step: number; genGan: number; genL1: number; discTotal: number }[];
  /** Held-out scores at each preview (the first is the starting model). */
  metrics: ({ step: number } & HeldOutScores)[];
  /** The held-out photos as the starting model coloured them, as PNG. */
  before: Blob[];
  /** The step of the last checkpoint. */
  checkpointStep: number;
  /** A black-and-white photo of the person's, watched as training goes (else a held-out square is). */
  watch?: Blob;
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

/** The saved session; settings saved by an older version of the page give way to the defaults. */
export async function loadSession(): Promise<StudioSession | undefined> {
  const saved = await tx<StudioSession | undefined>('readonly', (s) => s.get('current') as IDBRequest<StudioSession | undefined>);
  return saved && { ...saved, settings: saved.settings.recipe ? saved.settings : DEFAULT_SETTINGS };
}
export const saveSession = (session: StudioSession) => tx('readwrite', (s) => s.put(session, 'current'));
export const clearSession = () => tx('readwrite', (s) => s.delete('current'));
