// Stories recorded in the simulator, kept in localStorage per bot so they can be run again (the downloaded file is
// what goes into flows/<bot>/tests/).
export interface StoredStory {
  name: string;
  /** The whole story file, as saved from the dialog. */
  yaml: string;
  savedAt: string;
}

const key = (bot: string) => `statecraft.editor.stories.${bot}`;

export function loadStories(bot: string): StoredStory[] {
  try {
    const list = JSON.parse(globalThis.localStorage?.getItem(key(bot)) ?? '[]') as unknown;
    return Array.isArray(list)
      ? list.filter((s): s is StoredStory => !!s && typeof s.name === 'string' && typeof s.yaml === 'string' && typeof s.savedAt === 'string')
      : [];
  } catch {
    return [];
  }
}

function write(bot: string, list: StoredStory[]): void {
  try {
    if (list.length) globalThis.localStorage?.setItem(key(bot), JSON.stringify(list));
    else globalThis.localStorage?.removeItem(key(bot));
  } catch {
    // Storage full or disabled: the download still happened.
  }
}

/** Saves (or replaces, by name) a story; returns the new list. */
export function saveStory(bot: string, story: Omit<StoredStory, 'savedAt'>): StoredStory[] {
  const list = [...loadStories(bot).filter((s) => s.name !== story.name), { ...story, savedAt: new Date().toISOString() }];
  write(bot, list);
  return list;
}

export function deleteStory(bot: string, name: string): StoredStory[] {
  const list = loadStories(bot).filter((s) => s.name !== name);
  write(bot, list);
  return list;
}

/** Starts a download of `text` as `fileName`. */
export function downloadText(fileName: string, text: string, type = 'application/yaml'): void {
  const blob = new Blob([text], { type: `${type};charset=utf-8` });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
