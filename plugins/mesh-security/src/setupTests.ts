import '@testing-library/jest-dom';

// jsdom has no SVG layout; DependencyGraph measures nodes and labels with getBBox.
// (Node-environment suites, e.g. the msw client test, have no window.)
if (typeof window !== 'undefined') {
  Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
    configurable: true,
    value: () => ({ x: 0, y: 0, width: 120, height: 24 }),
  });
}

// The entity tab renders a graph, tables and code blocks: slow in jsdom on a busy machine.
if (typeof window !== 'undefined') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@testing-library/react').configure({ asyncUtilTimeout: 5000 });
}
jest.setTimeout(30000);
