import { describe, expect, it } from 'vitest';
import { pnlColor, scale, trimEmpty } from '../components/charts.tsx';

describe('chart helpers', () => {
  it('scales values linearly and centres a flat range', () => {
    expect(scale(5, 0, 10, 100, 200)).toBe(150);
    expect(scale(-10, -10, 10, 0, 640)).toBe(0);
    expect(scale(3, 3, 3, 0, 100)).toBe(50);
  });
  it('trims empty bins at both ends', () => {
    expect(trimEmpty([0, 0, 1, 0, 2, 0])).toEqual({ start: 2, end: 5 });
    expect(trimEmpty([0, 0])).toEqual({ start: 0, end: 2 });
    expect(trimEmpty([])).toEqual({ start: 0, end: 0 });
  });
  it('colours losses red and gains green by magnitude', () => {
    expect(pnlColor(-10, 10)).toBe('rgba(207, 34, 46, 0.85)');
    expect(pnlColor(0, 10)).toBe('rgba(26, 127, 55, 0.10)');
    expect(pnlColor(5, 0)).toBe('transparent');
    expect(pnlColor(Number.NaN, 10)).toBe('transparent');
  });
});
