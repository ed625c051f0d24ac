import { ExitCode } from '../exit-codes.js';
import { diagnose, type DoctorDeps } from './diagnose.js';
import { formatReport } from './format-report.js';

export interface DoctorArgs {
  config?: string;
  json?: boolean;
}

/** Checks the set-up, prints the report (text or one JSON document) and returns the exit code. */
export async function runDoctor(args: DoctorArgs, deps: DoctorDeps & { out: (text: string) => void }): Promise<number> {
  const report = await diagnose(args.config, deps);
  deps.out(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.ok ? ExitCode.ok : ExitCode.failure;
}
