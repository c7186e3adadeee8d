import { act, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { useNearViewport } from './useNearViewport';

function Probe() {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const near = useNearViewport(element, '100px');
  return <div ref={setElement}>{near ? 'near' : 'far'}</div>;
}

type Callback = (entries: Array<{ isIntersecting: boolean }>) => void;

describe('useNearViewport', () => {
  afterEach(() => {
    Reflect.deleteProperty(window, 'IntersectionObserver');
  });

  it('is true at once without IntersectionObserver', () => {
    render(<Probe />);
    expect(screen.getByText('near')).toBeInTheDocument();
  });

  it('turns true when the element comes within the margin, and stops observing', () => {
    let callback: Callback | undefined;
    const observe = jest.fn();
    const disconnect = jest.fn();
    const Observer = jest.fn((cb: Callback) => {
      callback = cb;
      return { observe, disconnect };
    });
    Object.assign(window, { IntersectionObserver: Observer });
    render(<Probe />);
    expect(screen.getByText('far')).toBeInTheDocument();
    expect(Observer).toHaveBeenCalledWith(expect.any(Function), {
      rootMargin: '100px',
    });
    expect(observe).toHaveBeenCalledWith(screen.getByText('far'));

    act(() => callback!([{ isIntersecting: false }]));
    expect(screen.getByText('far')).toBeInTheDocument();
    act(() => callback!([{ isIntersecting: true }]));
    expect(screen.getByText('near')).toBeInTheDocument();
    expect(disconnect).toHaveBeenCalled();
  });
});
