/**
 * A streaming GeoJSON scanner: yields each feature of a FeatureCollection (or each top-level
 * Feature of a newline-delimited / sequence file) as its JSON text, without ever holding the
 * whole file. It tracks nesting and strings character by character, so memory is one feature.
 * A legacy top-level "crs" member is reported when it comes before the features.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export type ScanItem = { readonly kind: 'crs'; readonly json: string } | { readonly kind: 'feature'; readonly json: string };

/** A text capture that can span chunks. */
class Capture {
  active = false;
  private start = -1;
  private pending = '';
  depth = 0;
  begin(i: number, depth: number): void {
    this.active = true;
    this.start = i;
    this.pending = '';
    this.depth = depth;
  }
  end(text: string, i: number): string {
    const out = this.pending + text.slice(this.start, i + 1);
    this.cancel();
    return out;
  }
  cancel(): void {
    this.active = false;
    this.start = -1;
    this.pending = '';
  }
  /** At the end of a chunk: keep what was captured so far. */
  carry(text: string): void {
    if (this.active) {
      this.pending += text.slice(this.start);
      this.start = 0;
    }
  }
}

export async function* scanGeoJson(path: string, chunkSize = 1 << 20): AsyncGenerator<ScanItem> {
  const decoder = new StringDecoder('utf8');
  let depth = 0;
  let inString = false;
  let escape = false;
  let keyText = '';
  let lastKey = '';
  let pendingKey = '';
  let inFeatures = false;
  let sawFeatures = false;
  const top = new Capture(); // a top-level object: a Feature unless it turns out to hold "features"
  const item = new Capture(); // a feature in the array, or the crs member
  let itemKind: 'feature' | 'crs' = 'feature';
  let first = true;
  const stream = createReadStream(path, { highWaterMark: chunkSize });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let text = decoder.write(chunk);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (inString) {
        if (escape) escape = false;
        else if (ch === 92) escape = true;
        else if (ch === 34) {
          inString = false;
          if (depth === 1) lastKey = keyText;
        } else if (depth === 1 && keyText.length < 64) keyText += text[i];
        continue;
      }
      if (ch === 34) {
        inString = true;
        keyText = '';
      } else if (ch === 58) {
        if (depth === 1) pendingKey = lastKey;
      } else if (ch === 44) {
        if (depth === 1) pendingKey = '';
      } else if (ch === 123) {
        if (depth === 0) {
          top.begin(i, 0);
          sawFeatures = false;
        } else if (depth === 1 && pendingKey === 'crs') {
          item.begin(i, 1);
          itemKind = 'crs';
        } else if (depth === 2 && inFeatures) {
          item.begin(i, 2);
          itemKind = 'feature';
        }
        depth++;
      } else if (ch === 91) {
        if (depth === 1 && pendingKey === 'features') {
          inFeatures = true;
          sawFeatures = true;
          top.cancel();
        }
        depth++;
      } else if (ch === 125 || ch === 93) {
        depth--;
        if (depth < 0) throw new SyntaxError('unbalanced brackets in GeoJSON');
        if (ch === 93 && depth === 1 && inFeatures) inFeatures = false;
        if (ch === 125 && item.active && depth === item.depth) yield { kind: itemKind, json: item.end(text, i) };
        if (ch === 125 && top.active && depth === 0) {
          const json = top.end(text, i);
          if (!sawFeatures) yield { kind: 'feature', json };
        }
      }
    }
    top.carry(text);
    item.carry(text);
  }
  if (depth !== 0 || inString) throw new SyntaxError('GeoJSON ends in the middle of a value (truncated file?)');
}
