/**
 * A supply and the register's parcel fields (the national supply-result fields, DOMAIN §7), both
 * ways: recording a supply registers its parcel; the idle scan reads supplies back from parcels,
 * including parcels imported from monitoring-system exports that were never checked here.
 */
import { Area } from '../area.js';
import type { Finding } from '../finding.js';
import type { ParcelFields, ParcelGeometry } from '../parcel.js';
import type { Supply } from '../supply.js';
import { isSupplyMethodCode } from '../supply-method.js';
import { planCategories } from '../classification/index.js';
import { planCategoryOfUse, useClassOf } from '../supply.js';
import { parseSupply } from './supply-input.js';

/** Attribute under which record-supply keeps the supply JSON on its parcel. */
export const SUPPLY_ATTRIBUTE = 'landplanSupply';

export function parcelFieldsOf(s: Supply): ParcelFields {
  const d = s.dates;
  const f: Record<string, unknown> = {
    parcelNumber: s.parcelNumber ?? s.id,
    supervisionNumber: s.supervisionNumber,
    projectName: s.projectName,
    location: s.location,
    district: s.district,
    area: s.area,
    existingLandArea: s.existingLandArea,
    useCode: s.useCode,
    supplyMethod: s.method,
    termYears: s.termYears,
    industryCode: s.industryCode,
    landGrade: s.landGrade,
    priceWanYuan: s.prices.transactionWanYuan,
    assignee: s.assignee,
    farMin: s.farMin,
    farMax: s.farMax,
    agreedDeliveryDate: d.agreedDelivery,
    agreedStartDate: d.agreedStart,
    agreedCompletionDate: d.agreedCompletion,
    actualStartDate: d.actualStart,
    actualCompletionDate: d.actualCompletion,
    contractDate: d.contract,
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ParcelFields;
}

export interface ParcelLike {
  readonly id: number | string;
  readonly fields: ParcelFields;
  readonly geometry: ParcelGeometry | null;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * The supply a parcel records. A parcel written by record-supply carries its supply JSON; the
 * register's date fields win over it (an actual start is recorded on the parcel later). Other
 * parcels are read from their fields alone; an unknown use code still lets the clocks run.
 */
export function supplyFromParcel(p: ParcelLike): { supply?: Supply; findings: Finding[] } {
  const f = p.fields;
  const latest = {
    ...(f.agreedStartDate ? { agreedStart: f.agreedStartDate } : {}),
    ...(f.actualStartDate ? { actualStart: f.actualStartDate } : {}),
    ...(f.actualCompletionDate ? { actualCompletion: f.actualCompletionDate } : {}),
  };
  const stored = p.attributes[SUPPLY_ATTRIBUTE];
  if (stored && typeof stored === 'object') {
    const r = parseSupply(stored);
    if (r.supply) return { supply: { ...r.supply, dates: { ...r.supply.dates, ...latest } }, findings: [...r.findings] };
  }
  const scheme = 'lu2023' as const;
  const code = f.useCode ?? '';
  const area = f.area ?? Area.zero;
  const supply: Supply = {
    id: f.parcelNumber ?? f.supervisionNumber ?? String(p.id),
    ...(f.parcelNumber ? { parcelNumber: f.parcelNumber } : {}),
    ...(f.supervisionNumber ? { supervisionNumber: f.supervisionNumber } : {}),
    ...(f.projectName ? { projectName: f.projectName } : {}),
    ...(f.district ? { district: f.district } : {}),
    area,
    existingLandArea: f.existingLandArea ?? Area.zero,
    useScheme: scheme,
    useCode: code,
    useClass: useClassOf(scheme, code) ?? 'reserve',
    category: planCategoryOfUse(scheme, code, planCategories()) ?? 'other',
    method: f.supplyMethod && isSupplyMethodCode(f.supplyMethod) ? f.supplyMethod : '2',
    prices: f.priceWanYuan ? { transactionWanYuan: f.priceWanYuan } : {},
    dates: {
      ...(f.contractDate ? { contract: f.contractDate } : {}),
      ...(f.agreedDeliveryDate ? { agreedDelivery: f.agreedDeliveryDate } : {}),
      ...(f.agreedCompletionDate ? { agreedCompletion: f.agreedCompletionDate } : {}),
      ...latest,
    },
    ...(p.geometry ? { geometry: p.geometry } : {}),
  };
  return { supply, findings: [] };
}
