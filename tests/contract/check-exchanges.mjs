// Validates the HTTP exchanges the integration tests recorded (one JSON line
// each in <log dir>/*.jsonl, written by tests/support/http_client.cpp when
// ESCALATED_CONTRACT_LOG is set) against docs/openapi.yaml. Prints every
// mismatch and the coverage report (also written to --report), and exits 1
// on any mismatch or when nothing was recorded.
//
//   node check-exchanges.mjs --log DIR [--spec docs/openapi.yaml] [--report FILE]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { commandOptions, Contract } from './contract.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const options = (argv) =>
  commandOptions(argv, { spec: join(root, 'docs/openapi.yaml'), log: null, report: null }, { log: '--log DIR' });

export function readExchanges(dir) {
  const exchanges = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim()) exchanges.push({ ...JSON.parse(line), source: `${file}:${i + 1}` });
    });
  }
  return exchanges;
}

// Checks the exchanges against the document; returns the mismatches (text)
// and the coverage report.
export function checkAll(doc, exchanges) {
  const contract = new Contract(doc);
  const counts = { total: exchanges.length, operation: 0 };
  const mismatches = [];
  for (const ex of exchanges) {
    const { kind, problems } = contract.check(ex);
    counts[kind] = (counts[kind] || 0) + 1;
    for (const p of problems) mismatches.push(`${ex.method} ${ex.path} -> ${ex.status}: ${p} [${ex.source}]`);
  }
  return { mismatches, report: contract.coverage(counts) };
}

function main() {
  const o = options(process.argv.slice(2));
  const doc = parse(readFileSync(o.spec, 'utf8'));
  const exchanges = readExchanges(o.log);
  const { mismatches, report } = checkAll(doc, exchanges);
  process.stdout.write(report);
  if (o.report) {
    mkdirSync(dirname(o.report), { recursive: true });
    writeFileSync(o.report, report);
  }
  if (exchanges.length === 0) {
    console.error(`No exchanges recorded in ${o.log}: was http_test run with ESCALATED_CONTRACT_LOG?`);
    process.exit(1);
  }
  if (mismatches.length > 0) {
    console.error(`\n${mismatches.length} exchange(s) break docs/openapi.yaml:`);
    for (const m of mismatches) console.error('  ' + m);
    process.exit(1);
  }
  console.log(`All ${exchanges.length} exchanges keep docs/openapi.yaml.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
