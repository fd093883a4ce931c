import type { StressWindow } from './stress-types.ts';

/**
 * The named historical stress windows (dates from /work/shared/data/README.md's table of large real
 * moves and notes/contract-specs.md). Returns are close-to-close over UTC daily closes.
 */
export const STRESS_WINDOWS: readonly StressWindow[] = [
  { name: 'covid-2020-03-12', title: 'COVID crash, 12 Mar 2020', from: '2020-03-11', to: '2020-03-12' },
  {
    name: 'crash-2021-05-19',
    title: 'China mining ban crash, 19 May 2021',
    from: '2021-05-18',
    to: '2021-05-19',
  },
  {
    name: 'luna-2022-05',
    title: 'LUNA/UST collapse, 5-12 May 2022 (close 4 May to close 12 May)',
    from: '2022-05-04',
    to: '2022-05-12',
  },
  {
    name: 'celsius-2022-06-13',
    title: 'Celsius freezes withdrawals, 13 Jun 2022',
    from: '2022-06-12',
    to: '2022-06-13',
  },
  {
    name: 'ftx-2022-11',
    title: 'FTX collapse, 8-9 Nov 2022 (close 7 Nov to close 9 Nov)',
    from: '2022-11-07',
    to: '2022-11-09',
  },
];
