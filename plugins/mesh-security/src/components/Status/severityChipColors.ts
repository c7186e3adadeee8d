import type { Severity } from '@mesh-security/plugin-mesh-security-common';

/** Background and label colour of a severity chip. */
export interface ChipColors {
  background: string;
  text: string;
}

/**
 * Fixed pairs rather than the theme's error/warning/info colours: MUI picks
 * white text on `error.main` and `info.light` (a 3:1 threshold), which fails
 * WCAG AA's 4.5:1 for a chip's 13 px label. Each pair below is at least
 * 5.6:1, whatever the page behind the chip. Critical and high stay distinct
 * (dark red, rust), medium and low read as less urgent (amber, light blue).
 */
const PAIRS: Record<Exclude<Severity, 'info'>, ChipColors> = {
  critical: { background: '#b71c1c', text: '#ffffff' },
  high: { background: '#bf360c', text: '#ffffff' },
  medium: { background: '#ffb300', text: '#000000' },
  low: { background: '#bbdefb', text: '#0d2a4d' },
};

/** `info` keeps the look of MUI's default chip in each palette type. */
const INFO: Record<'light' | 'dark', ChipColors> = {
  light: { background: '#e0e0e0', text: '#212121' },
  dark: { background: '#616161', text: '#ffffff' },
};

/** Chip colours of every severity for a light or dark theme. */
export function severityChipColors(
  type: 'light' | 'dark',
): Record<Severity, ChipColors> {
  return { ...PAIRS, info: INFO[type] };
}

/** The makeStyles rule of a chip coloured like `severity`. */
export function severityChipStyle(type: 'light' | 'dark', severity: Severity) {
  const { background, text } = severityChipColors(type)[severity];
  return { backgroundColor: background, color: text };
}
