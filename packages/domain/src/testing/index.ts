/** Test helpers of @dte/domain (`@dte/domain/testing`). */
export { DEMO_BOOK_AS_OF, type DemoBook, type DemoBookOptions, seedDemoBook } from './demo-book.ts';
export { countStatements, type StatementCounter } from './sql-counter.ts';
