/** The lock and rewrite tracer, shared by the worker, the CLI and the Node tests. */
export { traceScript, type LockTrace, type TracedLock, type TracedStatement, type TraceOptions } from './trace.ts';
export { DOCUMENTED } from './documented.ts';
export { strongestPerRelation, traceText } from './trace-text.ts';
export {
  LOCK_MODES,
  SQL_NAMES,
  TAKEN_BY,
  blocks,
  conflicts,
  conflictingModes,
  describeBlocks,
  describeWaiting,
  isLockMode,
  strongest,
  type Blocks,
  type LockMode,
} from './lock-modes.ts';
