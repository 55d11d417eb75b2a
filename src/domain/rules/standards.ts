/**
 * Standards by edition and date in force (data/rules/standards.json): 工业项目建设用地控制指标
 * (2008, 2023), 限制/禁止用地项目目录, 划拨用地目录, 工业用地出让最低价标准. A rule set chooses
 * the edition (`settings.editions`); a rule parameter written `{"$standard": "industrialIndicators"}`
 * resolves to the chosen edition and every older one, so a supply dated before the chosen
 * edition came into force is checked against the edition in force on its date.
 *
 * Example: the rule set chooses 2023 (in force 2023-05-01); a supply announced 2023-04-30 is
 * checked against 2008, one announced 2023-05-01 against 2023.
 */
import { z } from 'zod';
import type { IsoDate } from '../parcel.js';
import type { Supply } from '../supply.js';
import type { Confidence, Draft, LegalBasis } from './rule.js';

const confidence = z.enum(['confirmed', 'secondary', 'unconfirmed', 'heuristic']);

/** One edition as the registry lists it (data/rules/standards.json). */
export const editionRecordSchema = z.object({
  edition: z.string().min(1),
  document: z.string().min(1),
  article: z.string().optional(),
  /** Date the edition came into force; null when no date is on file (it then applies only when chosen and the supply has no date). */
  inForce: z.string().nullable(),
  inForceConfidence: confidence.optional(),
  confidence,
  status: z.enum(['in-force', 'repealed', 'superseded']),
  note: z.string().optional(),
  /** data/rules/ table with this edition's figures; absent when the edition carries none here. */
  table: z.string().optional(),
});
export type EditionRecord = z.infer<typeof editionRecordSchema>;

export const standardsFileSchema = z.object({
  standards: z.record(z.string(), z.object({ zh: z.string(), en: z.string(), editions: z.array(editionRecordSchema).min(1) })),
});
export type StandardsFile = z.infer<typeof standardsFileSchema>;

export interface StandardEdition<E> extends EditionRecord {
  /** The edition's table ("entries" of its file), or null when none is loaded. */
  readonly entries: E | null;
}

/** A `$standard` parameter after resolution: the chosen edition and the ones before it. */
export interface StandardInForce<E> {
  readonly kind: 'standard';
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly chosen: string;
  /** Oldest first; the last is the chosen edition. */
  readonly editions: readonly StandardEdition<E>[];
  /** Editions newer than the chosen one (listed, never applied). */
  readonly newer: readonly EditionRecord[];
}

/** zod schema of a resolved `$standard` parameter whose editions' tables parse with `entries`. */
export function standardParam<E>(entries: z.ZodType<E>): z.ZodType<StandardInForce<E>> {
  const edition = editionRecordSchema.extend({ entries: entries.nullable() });
  return z.object({
    kind: z.literal('standard'),
    id: z.string(),
    zh: z.string(),
    en: z.string(),
    chosen: z.string(),
    editions: z.array(edition).min(1),
    newer: z.array(editionRecordSchema),
  }) as unknown as z.ZodType<StandardInForce<E>>;
}

/**
 * The date a supply's conditions were fixed: the announcement (出让公告), else the contract, the
 * deal, the agreed delivery. Undefined for a what-if with no date: the chosen edition then applies.
 */
export function conditionsDate(s: Supply): IsoDate | undefined {
  return s.dates.announcement ?? s.dates.contract ?? s.dates.deal ?? s.dates.agreedDelivery;
}

/**
 * The edition that applies on `date`: the newest of the chosen edition and those before it that
 * was in force on that date; with no date, the chosen edition. Undefined when none was.
 */
export function editionOn<E>(std: StandardInForce<E>, date: IsoDate | undefined): StandardEdition<E> | undefined {
  const chosen = std.editions[std.editions.length - 1]!;
  if (!date) return chosen;
  let best: StandardEdition<E> | undefined;
  for (const e of std.editions) if (e.inForce !== null && e.inForce <= date) best = e;
  return best;
}

export function editionBasis(e: EditionRecord, c: Confidence = e.confidence): LegalBasis {
  return { document: e.document, ...(e.article ? { article: e.article } : {}), confidence: c, ...(e.note ? { note: e.note } : {}) };
}

/** Why no edition applies on a date, in words a clerk can act on. */
export function noEditionMessage(std: StandardInForce<unknown>, date: IsoDate): { zh: string; en: string } {
  const first = std.editions.find((e) => e.inForce !== null);
  return {
    zh: `${date} 时没有已载入的《${std.zh}》版本（最早载入的版本${first ? `自 ${first.inForce} 起施行` : '无施行日期'}），无法核验`,
    en: `no loaded edition of ${std.en} was in force on ${date} (the earliest loaded ${first ? `is in force from ${first.inForce}` : 'has no date'}): not checked`,
  };
}

/**
 * The edition a supply is judged by, or the info finding saying none applies (never a silent pass).
 * `figure` names the field the finding points at.
 */
export function editionFor<E>(std: StandardInForce<E>, s: Supply, figure: string): { readonly edition: StandardEdition<E> } | { readonly info: Draft } {
  const date = conditionsDate(s);
  const edition = editionOn(std, date);
  if (edition) return { edition };
  const m = noEditionMessage(std as StandardInForce<unknown>, date!);
  return { info: { severity: 'info', message: m, figures: [figure] } };
}
