import { act, renderHook, waitFor } from '@testing-library/react';
import { useWhenIdle } from './useWhenIdle';

describe('useWhenIdle', () => {
  afterEach(() => {
    Reflect.deleteProperty(window, 'requestIdleCallback');
    Reflect.deleteProperty(window, 'cancelIdleCallback');
  });

  it('is false on the first render and turns true after a frame without requestIdleCallback', async () => {
    const { result } = renderHook(() => useWhenIdle());
    expect(result.current).toBe(false);
    await waitFor(() => expect(result.current).toBe(true));
  });

  it('waits for requestIdleCallback, with the timeout it was given', async () => {
    let idle: (() => void) | undefined;
    const request = jest.fn((callback: () => void) => {
      idle = callback;
      return 7;
    });
    const cancel = jest.fn();
    Object.assign(window, {
      requestIdleCallback: request,
      cancelIdleCallback: cancel,
    });
    const { result } = renderHook(() => useWhenIdle(1500));
    expect(request).toHaveBeenCalledWith(expect.any(Function), {
      timeout: 1500,
    });
    expect(result.current).toBe(false);
    act(() => idle!());
    expect(result.current).toBe(true);
  });

  it('cancels the idle callback when unmounted first', () => {
    const cancel = jest.fn();
    Object.assign(window, {
      requestIdleCallback: jest.fn(() => 7),
      cancelIdleCallback: cancel,
    });
    const { unmount } = renderHook(() => useWhenIdle());
    unmount();
    expect(cancel).toHaveBeenCalledWith(7);
  });

  it('starts waiting only once enabled', async () => {
    const request = jest.fn(() => 7);
    Object.assign(window, {
      requestIdleCallback: request,
      cancelIdleCallback: jest.fn(),
    });
    const { result, rerender } = renderHook(
      ({ enabled }) => useWhenIdle(2000, enabled),
      { initialProps: { enabled: false } },
    );
    expect(request).not.toHaveBeenCalled();
    expect(result.current).toBe(false);
    rerender({ enabled: true });
    expect(request).toHaveBeenCalledTimes(1);
  });
});
