import { workload } from '../__testUtils__/fixtures';
import {
  entryOfText,
  textBackedWorkloads,
  workloadEntries,
  workloadTextItem,
} from './workloadTexts';
import { TextArena } from './textArena';

describe('workloads kept as texts', () => {
  const plain = {
    'shop/cart': workload('shop/cart', { labels: { app: 'cart' } }),
    'shop/pay': workload('shop/pay', { mtlsMode: 'PERMISSIVE' }),
  };
  const record = textBackedWorkloads(
    Object.entries(plain).map(([key, w]) =>
      entryOfText(workloadTextItem(key, w), new TextArena()),
    ),
  );

  it('reads like the plain record it stands for', () => {
    expect(Object.keys(record)).toEqual(['shop/cart', 'shop/pay']);
    expect(record['shop/pay']).toEqual(plain['shop/pay']);
    expect(record['shop/none']).toBeUndefined();
    expect('shop/cart' in record).toBe(true);
    expect(Object.values(record)).toEqual(Object.values(plain));
    expect(JSON.parse(JSON.stringify(record))).toEqual(plain);
    expect(record).toEqual(plain);
  });

  it('hands out a fresh copy on each read: a request cannot change what the next one sees', () => {
    record['shop/cart'].mtlsMode = 'DISABLE';
    expect(record['shop/cart'].mtlsMode).toBe('STRICT');
  });

  it('refuses writes', () => {
    expect(() => {
      (record as Record<string, unknown>)['shop/new'] = {};
    }).toThrow('read-only');
    expect(() => {
      delete (record as Record<string, unknown>)['shop/cart'];
    }).toThrow('read-only');
  });

  it('gives its entries without parsing: look-up fields and the stored text', () => {
    const entries = workloadEntries(record);
    expect(entries.map(e => [e.key, e.namespace, e.labels])).toEqual([
      ['shop/cart', 'shop', { app: 'cart' }],
      ['shop/pay', 'shop', plain['shop/pay'].labels],
    ]);
    expect(entries[1].item()[2]).toBe(JSON.stringify(plain['shop/pay']));
  });

  it('makes entries of a plain record too', () => {
    const entries = workloadEntries(plain);
    expect(entries.map(e => e.key)).toEqual(['shop/cart', 'shop/pay']);
    expect(entries[0].posture()).toBe(plain['shop/cart']);
    expect(entries[0].item()).toEqual(
      workloadTextItem('shop/cart', plain['shop/cart']),
    );
  });
});
