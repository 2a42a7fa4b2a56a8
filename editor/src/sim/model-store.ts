// Full models kept in IndexedDB, so reloading the editor brings back the exact model of the current examples (and a
// base for the next quick update) without training. Only full models: they are what the server would train.
import type { Locale } from '@statecraft/engine';
import type { FullModelStore } from './train-core.ts';
import type { FullModel } from './protocol.ts';

const DB = 'statecraft-models';
const STORE = 'full';
const KEEP = 8;

type Stored = FullModel & { savedAt: number };

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/** An IndexedDB store, or undefined where there is no IndexedDB (tests, private modes that refuse it). */
export function openModelStore(): FullModelStore | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  const db = new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'key' });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  db.catch(() => {}); // a refused database only means no cache: each use below fails and is caught by the caller
  const all = async () => request((await db).transaction(STORE).objectStore(STORE).getAll() as IDBRequest<Stored[]>);
  return {
    get: async (key) => (await request((await db).transaction(STORE).objectStore(STORE).get(key) as IDBRequest<Stored | undefined>)),
    latest: async (bot: string, locale: Locale) =>
      (await all()).filter((m) => m.bot === bot && m.locale === locale).sort((a, b) => b.savedAt - a.savedAt)[0],
    put: async (model) => {
      const older = (await all()).filter((m) => m.key !== model.key).sort((a, b) => b.savedAt - a.savedAt).slice(KEEP - 1);
      const store = (await db).transaction(STORE, 'readwrite').objectStore(STORE);
      for (const m of older) store.delete(m.key);
      await request(store.put({ ...model, savedAt: Date.now() } satisfies Stored));
    },
  };
}
