// Sums vitest JSON reports into one plain closing line: "tests: N passed, N failed, N skipped".
// Usage: node scripts/test-summary.mjs <report.json> [<report.json> ...]
// Exits 1 when a report is missing or unreadable (its suite crashed), any test failed, or none passed.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;
for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    // Failed tests, plus files that failed without a failed test (an import error, a crash in a
    // hook): vitest's numFailedTestSuites also counts the file and describe blocks around every
    // failed test, which would count one failure several times.
    const crashedFiles = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
    ).length;
    failed += (report.numFailedTests ?? 0) + crashedFiles;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } catch (error) {
    console.error(`test-summary: cannot read vitest report ${file}: ${error.message}`);
    broken = true;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(broken || failed > 0 || passed === 0 ? 1 : 0);
