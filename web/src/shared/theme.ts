import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Sapa's Mantine theme, the one place colour contrast is decided (WCAG AA, 4.5:1 for text).
 * - Filled colours use shade 9 (teal 9 under white text is 5.0:1; shade 6 was 2.55:1).
 * - autoContrast with a 0.18 luminance threshold picks white text below it and black above it:
 *   both sides of 0.18 clear 4.5:1, so a filled badge in any colour (orange, yellow) stays readable.
 */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 9, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.18,
});

/** Colours whose filled buttons carry white text: the primary and the destructive one. */
const WHITE_TEXT_FILLED = ['teal', 'red'] as const;

/**
 * Helper ("dimmed") text was gray 6 on white (3.32:1) and error text red 6 (3.28:1); placeholders
 * gray 6 too (now between gray 6 and 7: 4.66:1). A filled button's hover was the next lighter shade
 * (teal 8 under white: 3.95:1); it is shade 9 darkened by 15 % (teal: 6.44:1).
 * Light variants (badges, light buttons) put shade 9 on shade 1: 4.32:1 for teal, 3.61:1 for
 * orange. Their text is shade 9 darkened by 30 % (≥ 5:1 on every palette, yellow included).
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    ...Object.fromEntries(Object.keys(t.colors).map((c) => [`--mantine-color-${c}-light-color`, `color-mix(in srgb, var(--mantine-color-${c}-9) 70%, black)`])),
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'color-mix(in srgb, var(--mantine-color-gray-6) 60%, var(--mantine-color-gray-7))',
    ...Object.fromEntries(WHITE_TEXT_FILLED.map((c) => [`--mantine-color-${c}-filled-hover`, `color-mix(in srgb, var(--mantine-color-${c}-9) 85%, black)`])),
  },
  dark: {},
});
