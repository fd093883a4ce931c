import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../lib/output.ts';

describe('formatLogLine', () => {
  it('makes pino JSON readable and keeps the extra fields', () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.UTC(2026, 0, 1, 12, 0, 1),
      pid: 1,
      hostname: 'h',
      service: 'api',
      msg: 'api started',
      port: 4000,
    });
    expect(formatLogLine(line)).toBe('12:00:01 INFO api started {"port":4000}');
  });

  it('leaves other lines alone', () => {
    expect(formatLogLine('plain text')).toBe('plain text');
    expect(formatLogLine('{not json')).toBe('{not json');
    expect(formatLogLine('{"a":1}')).toBe('{"a":1}');
  });
});
