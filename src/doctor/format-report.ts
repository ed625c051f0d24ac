import type { CheckStatus } from './check.js';
import type { DoctorReport } from './diagnose.js';

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skip: '–' };

/** One line per check (✓ passed, ✗ failed with its fix, – skipped with why), then a verdict. */
export function formatReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const lines = report.checks.map((check) => {
    const fix = check.fix ? ` → fix: ${check.fix}` : '';
    return `${MARK[check.status]} ${check.title.padEnd(width)}  ${check.detail}${fix}`;
  });
  const failed = report.checks.filter((check) => check.status === 'fail');
  const skipped = report.checks.filter((check) => check.status === 'skip').length;
  const note = skipped > 0 ? ` (${skipped} not checked)` : '';
  lines.push(
    failed.length === 0
      ? `troupe doctor: no problems found${note}`
      : `troupe doctor: ${failed.length} to fix: ${failed.map((check) => check.title).join(', ')}${note}`,
  );
  return `${lines.join('\n')}\n`;
}
