// A reporter that repeats, at the very end of the output, what went wrong
// in every failed attempt (including attempts that passed on retry), so a
// CI log cut to its last lines still says why.
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter'

const ANSI = /\u001b\[[0-9;]*m/g

export default class FailureSummary implements Reporter {
  private failures: string[] = []

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === 'passed' || result.status === 'skipped') return
    const where = `${test.location.file.split('/').pop()}:${test.location.line}`
    const lines = [`✘ ${where} › ${test.title} (attempt ${result.retry + 1}, ${result.status})`]
    for (const e of result.errors) {
      const text = (e.message ?? e.value ?? '').replace(ANSI, '').split('\n').slice(0, 20)
      lines.push(...text.map((l) => '    ' + l))
      if (e.location) lines.push(`    at ${e.location.file.split('/').pop()}:${e.location.line}`)
    }
    this.failures.push(lines.join('\n'))
  }

  onEnd() {
    if (!this.failures.length) return
    console.log('\nFailed attempts, in detail:')
    for (const f of this.failures) console.log(f)
  }

  printsToStdio() {
    return true
  }
}
