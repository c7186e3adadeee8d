import '@testing-library/jest-dom';

// jsdom has no SVG layout; DependencyGraph measures nodes and labels with getBBox.
// (Node-environment suites, e.g. the msw client test, have no window.)
if (typeof window !== 'undefined') {
  Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
    configurable: true,
    value: () => ({ x: 0, y: 0, width: 120, height: 24 }),
  });
}
