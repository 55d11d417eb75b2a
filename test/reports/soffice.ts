/** Test support: LibreOffice headless, when installed (tests that need it say so when it is not). */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findSoffice } from '../../src/services/export-converter.js';

export const SOFFICE = findSoffice();
export const run = promisify(execFile);

/** A LibreOffice profile that recalculates every formula when it loads a file. */
export async function recalculatingProfile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'landplan-test-lo-'));
  await mkdir(join(dir, 'user'), { recursive: true });
  const item = (name: string) => `<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="${name}" oor:op="fuse"><value>0</value></prop></item>`;
  await writeFile(
    join(dir, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${item('OOXMLRecalcMode')}${item('ODFRecalcMode')}</oor:items>\n`,
  );
  return dir;
}
