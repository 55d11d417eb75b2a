/**
 * The project's data/ folder on disk: rule sets a bureau adds or edits, their tables, the demo
 * text. The path works from src/ (tests, tsx) and from dist/ (the built CLI and server) alike.
 * Static reference tables (classification codes) are JSON modules imported by domain/ instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DATA_ROOT = new URL('../../data/', import.meta.url);

export function dataFilePath(relative: string): string {
  return fileURLToPath(new URL(relative, DATA_ROOT));
}

export function dataFileExists(relative: string): boolean {
  return existsSync(dataFilePath(relative));
}

export function readDataText(relative: string): string {
  return readFileSync(dataFilePath(relative), 'utf8');
}

const cache = new Map<string, unknown>();

/** Parses (once) a JSON file under data/. */
export function readDataJson<T>(relative: string): T {
  let v = cache.get(relative);
  if (v === undefined) {
    v = JSON.parse(readDataText(relative)) as T;
    cache.set(relative, v);
  }
  return v as T;
}
