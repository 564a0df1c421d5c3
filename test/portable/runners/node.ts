// Node runner: the TypeScript source through tsx, the provider picked by Node's conditions.
//   node --import tsx test/portable/runners/node.ts                    -> node:crypto
//   node --conditions=twofold-portable --import tsx ...runners/node.ts portable
import { ok } from 'node:assert/strict';
import * as lib from '../../../src/index.ts';
import type { Assert } from '../suite.ts';
import { runAndReport } from './report.ts';

const provider = process.argv[2] === 'portable' ? 'portable' : 'node';
const assert: Assert = ok;
const results = await runAndReport({
  lib,
  assert,
  runtime: 'node',
  version: process.version.slice(1),
  provider,
});
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
