import '@testing-library/jest-dom';

// jsdom has no SVG layout; DependencyGraph measures nodes and labels with getBBox.
Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
  configurable: true,
  value: () => ({ x: 0, y: 0, width: 120, height: 24 }),
});
