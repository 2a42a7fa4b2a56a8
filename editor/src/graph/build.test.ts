import { describe, expect, it } from 'vitest';
import { translator } from '../i18n.ts';
import { GLOBAL_NODE } from '../model/paths.ts';
import { ticketsBot } from '../test/fixtures.ts';
import { buildGraph } from './build.ts';
import { layoutGraph } from './layout.ts';

const t = translator('en-US');

describe('canvas graph', () => {
  it('marks confirmation and disambiguation states and irreversible transitions', async () => {
    const g = buildGraph(await ticketsBot(), [], t, 'zh-CN');
    const node = (id: string) => g.nodes.find((n) => n.id === id)!;
    expect(node('booking.confirm')).toMatchObject({ kind: 'confirm', confirms: 'charge', irreversible: ['charge'], parent: 'booking' });
    expect(node('disambiguate').kind).toBe('disambiguate');
    expect(node('booking').isCompound).toBe(true);
    expect(node('idle')).toMatchObject({ isInitial: true, reply: expect.stringContaining('票务助手') });
    const red = g.edges.filter((e) => e.irreversible).map((e) => `${e.source}->${e.target}`);
    expect(red.sort()).toEqual(['booking.confirm->idle', 'booking.confirm->offer_booking', 'cancelling.confirm->idle', 'cancelling.confirm->offer_booking', 'cancelling.confirm_part->idle', 'cancelling.confirm_part->offer_booking', 'cancelling_all->idle', 'rescheduling.confirm->idle', 'rescheduling.confirm->offer_booking']);
    const charge = g.edges.find((e) => e.source === 'booking.confirm' && e.target === 'idle')!;
    expect(charge.items.find((i) => i.irreversible.length)).toMatchObject({ label: 'affirm', irreversible: ['charge'] });
  });

  it('draws global transitions from the global node and lists targetless ones inside nodes', async () => {
    const g = buildGraph(await ticketsBot(), [], t, 'en-US');
    expect(g.edges.some((e) => e.source === GLOBAL_NODE && e.target === 'disambiguate')).toBe(true);
    const global = g.nodes.find((n) => n.id === GLOBAL_NODE)!;
    expect(global.internal.map((i) => i.label)).toContain('greet');
    const booking = g.nodes.find((n) => n.id === 'booking')!;
    expect(booking.internal.map((i) => `${i.label}→${i.to}`)).toContain('book_ticket→route');
    const route = g.edges.find((e) => e.source === 'booking.route' && e.target === 'booking.ask_date')!;
    expect(route.items[0]!.label).toBe('always [slot missing: date]');
  });

  it('puts problems on their nodes', async () => {
    const g = buildGraph(await ticketsBot(), [{ severity: 'error', code: 'x', message: 'bad', path: 'booking.ask_date' }], t, 'en-US');
    expect(g.nodes.find((n) => n.id === 'booking.ask_date')!.errors).toEqual(['bad']);
  });

  it('lays out with ELK, children relative to their group', async () => {
    const g = buildGraph(await ticketsBot(), [], t, 'en-US');
    const { boxes } = await layoutGraph(g);
    expect(boxes.size).toBe(g.nodes.length);
    const booking = boxes.get('booking')!;
    const child = boxes.get('booking.confirm')!;
    expect(child.x + child.width).toBeLessThanOrEqual(booking.width);
    expect(child.y + child.height).toBeLessThanOrEqual(booking.height);
    // Top to bottom: the global transitions, then the start state.
    expect(boxes.get(GLOBAL_NODE)!.y).toBeLessThan(boxes.get('idle')!.y);
  });

  it('gives every chip its text and every edge its label size', async () => {
    const zh = buildGraph(await ticketsBot(), [], translator('zh-CN'), 'zh-CN');
    const charge = zh.edges.find((e) => e.source === 'booking.confirm' && e.target === 'idle')!;
    expect(charge.items.map((i) => i.text)).toEqual(['affirm ⚠ 扣款 charge']);
    const reschedule = zh.edges.find((e) => e.source === 'rescheduling.confirm' && e.target === 'idle')!;
    expect(reschedule.items.map((i) => i.text)).toEqual(['affirm ⚠ 改签 reschedule', 'deny']);
    expect(reschedule.label.height).toBeGreaterThan(2 * 16);
    const booking = zh.nodes.find((n) => n.id === 'booking')!;
    expect(booking.internal.map((i) => i.text)).toContain('book_ticket → route');
    expect(zh.nodes.find((n) => n.id === 'booking.confirm')!.badges).toEqual([{ kind: 'confirm', text: '✔ 确认 · charge' }]);
  });
});
