import { ConfigReader } from '@backstage/config';
import { readMaxChangeBytes, readWorkerHeapMb } from './config';

const config = (whatIf?: unknown) =>
  new ConfigReader({ meshSecurity: whatIf === undefined ? {} : { whatIf } });

describe('meshSecurity.whatIf.maxChangeSize', () => {
  it('defaults to 256 KiB and takes a whole number of bytes', () => {
    expect(readMaxChangeBytes(config())).toBe(262144);
    expect(readMaxChangeBytes(config({ maxChangeSize: 65536 }))).toBe(65536);
  });

  it.each([0, 512, 1.5, 32 * 1024 * 1024])(
    'refuses %p rather than serving another limit',
    value => {
      expect(() =>
        readMaxChangeBytes(config({ maxChangeSize: value })),
      ).toThrow(
        `meshSecurity.whatIf.maxChangeSize: need a whole number of bytes from 1024 to 16777216, got ${value}`,
      );
    },
  );
});

describe('meshSecurity.refresh.workerHeapMb', () => {
  const refresh = (workerHeapMb?: unknown) =>
    new ConfigReader({
      meshSecurity:
        workerHeapMb === undefined ? {} : { refresh: { workerHeapMb } },
    });

  it('is left to the worker unless set, and takes a whole number of MB', () => {
    expect(readWorkerHeapMb(refresh())).toBeUndefined();
    expect(readWorkerHeapMb(refresh(4096))).toBe(4096);
  });

  it.each([0, 128, 1.5, 100_000])('refuses %p', value => {
    expect(() => readWorkerHeapMb(refresh(value))).toThrow(
      `meshSecurity.refresh.workerHeapMb: need a whole number of MB from 256 to 65536, got ${value}`,
    );
  });
});
