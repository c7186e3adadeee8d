import { themes, UnifiedThemeProvider } from '@backstage/theme';
import { getContrastRatio } from '@material-ui/core/styles';
import {
  SEVERITIES,
  type Severity,
} from '@mesh-security/plugin-mesh-security-common';
import { render, screen } from '@testing-library/react';
import { SeverityChip } from './SeverityChip';

/**
 * The colours the chip's own class declares. jsdom lists style sheets in
 * creation order, not document order, so its computed style lets MUI's base
 * Chip rule win; a browser applies this class (checked by axe in e2e-tests).
 */
function declaredColors(element: HTMLElement) {
  const own = [...element.classList].filter(c => !c.startsWith('Mui'));
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of Array.from(sheet.cssRules)) {
      if (
        rule instanceof CSSStyleRule &&
        own.some(c => rule.selectorText === `.${c}`)
      ) {
        return {
          background: rule.style.backgroundColor,
          text: rule.style.color,
        };
      }
    }
  }
  throw new Error(`no style rule for ${own.join(' ')}`);
}

// WCAG 2 AA (1.4.3): text under 18.66 px bold / 24 px needs 4.5:1; the chip's
// label is 13 px. The theme-derived colours axe-core flagged were 3.7:1 (high,
// white on error.main) and 2.2:1 (low, white on info.light).
describe.each([
  ['light', themes.light],
  ['dark', themes.dark],
])('SeverityChip in the %s theme', (_name, theme) => {
  it.each(SEVERITIES.map(s => [s]))(
    '%s: the word is shown, on colours of at least 4.5:1',
    (severity: Severity) => {
      render(
        <UnifiedThemeProvider theme={theme}>
          <SeverityChip severity={severity} />
        </UnifiedThemeProvider>,
      );
      const chip = screen.getByLabelText(`severity ${severity}`);
      expect(chip).toHaveTextContent(severity);
      const { background, text } = declaredColors(chip);
      expect(getContrastRatio(background, text)).toBeGreaterThanOrEqual(4.5);
    },
  );
});
