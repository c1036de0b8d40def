import type { KubeObject } from './types.js';

/** A field's place in an input file: 1-based, as editors and SARIF count. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Keys and list indexes from the object's root, e.g. ['spec', 'template', 'spec', 'containers', 0, 'env', 2]. */
export type FieldPath = readonly (string | number)[];

/** Where one object of `-f` input was written, and how to find its fields there. */
export interface ObjectPositions {
  /** The path as given on the command line, or `<stdin>`. */
  file: string;
  /** 1-based document of the YAML stream. */
  document: number;
  /** Where a field (path from the object's root) is written; undefined when it is not. */
  at(path: FieldPath): SourcePosition | undefined;
}

/** Where one document of a YAML stream is written: the objects in it share it. */
export interface DocumentPositions extends ObjectPositions {
  /** 1-based line where the document starts. */
  readonly line: number;
}

/**
 * Kept beside the objects, never in them: snapshots, redaction and the JSON report see the
 * objects exactly as before. Only `-f` input registers positions (a snapshot's objects have no
 * lines worth pointing a user at).
 */
const POSITIONS = new WeakMap<KubeObject, ObjectPositions>();

export function recordPositions(obj: KubeObject, positions: ObjectPositions): void {
  POSITIONS.set(obj, positions);
}

export function positionsOf(obj: KubeObject): ObjectPositions | undefined {
  return POSITIONS.get(obj);
}
