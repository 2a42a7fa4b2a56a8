// What the panels and the canvas share: the current definition, how to change it, the selection, the checks.
import { createContext, useContext } from 'react';
import type { Validation } from './model/validate.ts';
import type { RawBot, Selection } from './model/types.ts';

export interface EditorApi {
  botName: string;
  def: RawBot;
  /** Commits an edit (one undo step; edits with the same key in a quick burst merge into one step). */
  apply(next: (def: RawBot) => RawBot, key?: string): void;
  selection: Selection;
  select(selection: Selection): void;
  validation: Validation | null;
  locales: string[];
  /** Opens the "new transition" dialog. */
  newTransition(owner: string | null, target?: string): void;
  /** Keeps saved node positions in step with a renamed or deleted state. */
  movePositions(from: string, to: string | null): void;
}

export const EditorContext = createContext<EditorApi | null>(null);

export function useEditor(): EditorApi {
  const api = useContext(EditorContext);
  if (!api) throw new Error('useEditor outside the editor');
  return api;
}
