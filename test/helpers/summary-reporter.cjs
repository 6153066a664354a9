// Prints plain closing lines that any CI can read: the slowest test files (issue 22: where the suite's time goes), then
// "jest: N passed, N failed, N skipped". JEST_SLOWEST=N changes how many files are listed (0: none).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const count = Number(process.env.JEST_SLOWEST ?? 15);
    const files = results.testResults
      .map((file) => ({ path: file.testFilePath.replace(process.cwd() + '/', ''), ms: file.perfStats.end - file.perfStats.start, tests: file.numPassingTests + file.numFailingTests }))
      .sort((a, b) => b.ms - a.ms);
    const total = files.reduce((sum, file) => sum + file.ms, 0);
    if (count > 0 && files.length > 0) {
      process.stdout.write(`jest: slowest ${Math.min(count, files.length)} of ${files.length} files (sum of file times ${(total / 1000).toFixed(1)} s)\n`);
      for (const file of files.slice(0, count)) {
        process.stdout.write(`  ${(file.ms / 1000).toFixed(1).padStart(7)} s  ${String(file.tests).padStart(4)} tests  ${file.path}\n`);
      }
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
