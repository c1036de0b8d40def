import { readFileSync } from 'node:fs';

/**
 * `cart-doctor schema FORMAT`: the shipped schema of a machine format, so a CI consumer can
 * validate what it receives against the version of the tool that wrote it. `-o github` has
 * none: it is lines of GitHub's workflow commands, whose grammar GitHub documents.
 */
export const SCHEMA_FILES = {
  json: 'report-v1.schema.json',
  sarif: 'sarif-v1.schema.json',
  junit: 'junit-v1.xsd',
} as const;

export type SchemaFormat = keyof typeof SCHEMA_FILES;

export function runSchemaCommand(format: SchemaFormat): string {
  // src/commands/ and dist/commands/ are both two levels below the package root, beside schema/.
  return readFileSync(new URL(`../../schema/${SCHEMA_FILES[format]}`, import.meta.url), 'utf8');
}
