// Editing a state's quick replies: labels, the intent each button declares, adding and removing rows.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { QuickReply } from '@statecraft/engine';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuickRepliesEditor } from './QuickRepliesEditor.tsx';

afterEach(cleanup);

function setup(replies: QuickReply[]) {
  const onChange = vi.fn<(replies: QuickReply[]) => void>();
  render(<QuickRepliesEditor testId="q" replies={replies} intents={['affirm', 'deny', 'change_ticket']} onChange={onChange} />);
  return onChange;
}

describe('QuickRepliesEditor', () => {
  it('shows each label with its declared intent, and a plain label as left to the classifier', () => {
    setup([{ text: '确认', intent: 'affirm' }, '随便']);
    expect((screen.getByTestId('q-text-0') as HTMLInputElement).value).toBe('确认');
    expect((screen.getByTestId('q-intent-0') as HTMLSelectElement).value).toBe('affirm');
    expect((screen.getByTestId('q-text-1') as HTMLInputElement).value).toBe('随便');
    expect((screen.getByTestId('q-intent-1') as HTMLSelectElement).value).toBe('');
  });

  it('declares an intent, takes it back, and keeps it when the label is edited', () => {
    const onChange = setup([{ text: '确认', intent: 'affirm' }, '改日期']);
    fireEvent.change(screen.getByTestId('q-intent-1'), { target: { value: 'change_ticket' } });
    expect(onChange).toHaveBeenLastCalledWith([{ text: '确认', intent: 'affirm' }, { text: '改日期', intent: 'change_ticket' }]);
    fireEvent.change(screen.getByTestId('q-intent-0'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith(['确认', '改日期']);
    fireEvent.change(screen.getByTestId('q-text-0'), { target: { value: '好的，确认' } });
    expect(onChange).toHaveBeenLastCalledWith([{ text: '好的，确认', intent: 'affirm' }, '改日期']);
  });

  it('adds an empty row and removes one; no add button past ten', () => {
    const onChange = setup(['a', 'b']);
    fireEvent.click(screen.getByTestId('q-add'));
    expect(onChange).toHaveBeenLastCalledWith(['a', 'b', '']);
    fireEvent.click(screen.getByTestId('q-remove-0'));
    expect(onChange).toHaveBeenLastCalledWith(['b']);
    cleanup();
    setup(Array.from({ length: 10 }, (_, i) => `r${i}`));
    expect(screen.queryByTestId('q-add')).toBeNull();
  });

  it('keeps showing an intent the bot no longer has, so the problem is visible rather than dropped', () => {
    setup([{ text: 'Dance', intent: 'dance' }]);
    expect((screen.getByTestId('q-intent-0') as HTMLSelectElement).value).toBe('dance');
  });
});
