/**
 * An input file the user must fix: names the file, the record (0-based index shown 1-based as
 * 第 n 条) and the field when there is one, in Chinese and English. Readers throw it before
 * yielding anything when they can (headers, sizes, counts), so nothing is imported partially;
 * when a bad record is found mid-stream the consumer's transaction (or the temp file) is discarded.
 */
export class GeoFormatError extends Error {
  constructor(
    readonly file: string,
    readonly zh: string,
    readonly en: string,
    readonly record?: number,
    readonly field?: string,
  ) {
    const where = record === undefined ? '' : ` 第 ${record + 1} 条记录`;
    const whereEn = record === undefined ? '' : ` record ${record + 1}`;
    const f = field === undefined ? '' : ` 字段 ${field}`;
    const fEn = field === undefined ? '' : ` field ${field}`;
    super(`${file}${where}${f}: ${zh} / ${file}${whereEn}${fEn}: ${en}`);
    this.name = 'GeoFormatError';
  }
}
