import { describe, expect, it } from 'vitest';
import { translator, type UiLang } from '../i18n.ts';
import { ticketsBot } from '../test/fixtures.ts';
import { buildGraph } from './build.ts';
import { contains, intersects, type Rect } from './geometry.ts';
import { GROUP_PADDING, layoutGraph } from './layout.ts';

describe('canvas layout of the tickets bot', () => {
  for (const lang of ['zh-CN', 'en-US'] as UiLang[]) {
    it(`keeps labels off nodes, group headers and each other (${lang})`, async () => {
      const g = buildGraph(await ticketsBot(), [], translator(lang), lang);
      const { absolute, routes } = await layoutGraph(g);
      const solid: [string, Rect][] = [];
      const groups: [string, Rect][] = [];
      for (const n of g.nodes) {
        const b = absolute.get(n.id)!;
        if (n.isCompound) {
          groups.push([n.id, b]);
          solid.push([`header ${n.id}`, { ...b, height: Math.max(GROUP_PADDING.top, n.height) - 6 }]);
        } else solid.push([n.id, b]);
      }
      expect(routes.size).toBe(g.edges.filter((e) => !e.source.startsWith(`${e.target}.`) && !e.target.startsWith(`${e.source}.`)).length);
      const labels = [...routes].map(([id, r]) => [`label ${id}`, r.label] as [string, Rect]);
      const clashes: string[] = [];
      const all = [...solid, ...labels];
      for (let i = 0; i < all.length; i++)
        for (let j = i + 1; j < all.length; j++) {
          const [a, ra] = all[i]!;
          const [b, rb] = all[j]!;
          if (a.startsWith('header') && b.startsWith('header')) continue;
          if (intersects(ra, rb)) clashes.push(`${a} × ${b}`);
        }
      for (const [id, l] of labels)
        for (const [gid, gb] of groups) if (!contains(gb, l) && intersects(gb, l)) clashes.push(`${id} across ${gid}`);
      expect(clashes).toEqual([]);
    });
  }
});
