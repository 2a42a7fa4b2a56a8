// The flows API's settings: DATA_DIR (where versions and drafts live) and EDITOR_TOKEN.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('flows API configuration', () => {
  it('keeps data in <repo>/.statecraft/data by default, or in DATA_DIR', () => {
    expect(loadConfig({}).dataDir).toMatch(/\/\.statecraft\/data$/);
    expect(loadConfig({ DATA_DIR: '/var/lib/statecraft' }).dataDir).toBe('/var/lib/statecraft');
  });

  it('reads EDITOR_TOKEN, treating a blank one as unset (the server then generates one)', () => {
    expect(loadConfig({}).editorToken).toBeUndefined();
    expect(loadConfig({ EDITOR_TOKEN: '  ' }).editorToken).toBeUndefined();
    expect(loadConfig({ EDITOR_TOKEN: 'abc123' }).editorToken).toBe('abc123');
  });
});
