// Streams the simulator's machine steps to Stately Inspector through @statelyai/inspect, the XState v5 successor of
// @xstate/inspect (which only speaks XState v4). The simulator's own Events panel works offline; this is for when
// Stately's hosted inspector (or a self-hosted page speaking the same window protocol) is reachable.
import { createBrowserInspector } from '@statelyai/inspect';
import type { InspectionEvent } from 'xstate';

export const STATELY_INSPECTOR_URL = 'https://stately.ai/inspect';

export interface StatelyConnection {
  /** Pass to `runTurn(…, { inspect })` (next to the simulator's own recorder). */
  inspect(event: InspectionEvent): void;
  /** Tells the inspector window the session ended; later turns are no longer sent. */
  stop(): void;
}

/**
 * Opens the inspector window (it must be called from a click, or the browser blocks the pop-up) and returns the
 * observer for the simulator's turns. Events sent before the window says it is connected are queued (the last 200)
 * and delivered once it does.
 */
export function openStatelyInspector(url: string = STATELY_INSPECTOR_URL): StatelyConnection {
  const inspector = createBrowserInspector({ url, autoStart: true });
  let open = true;
  return {
    inspect(event) {
      if (open) inspector.inspect.next?.(event);
    },
    stop() {
      open = false;
      inspector.stop();
    },
  };
}
