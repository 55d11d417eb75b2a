/**
 * Reads reference tables from the project's data/ folder (classification codes, rule sets …).
 * The path works from src/ (tests, tsx) and from dist/ (the built CLI and server) alike.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DATA_ROOT = new URL('../../data/', import.meta.url);

export function dataFilePath(relative: string): string {
  return fileURLToPath(new URL(relative, DATA_ROOT));
}

const cache = new Map<string, unknown>();

/** Parses (once) a JSON file under data/. */
export function readDataJson<T>(relative: string): T {
  let v = cache.get(relative);
  if (v === undefined) {
    v = JSON.parse(readFileSync(dataFilePath(relative), 'utf8')) as T;
    cache.set(relative, v);
  }
  return v as T;
}
