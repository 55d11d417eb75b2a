/**
 * 宗地表 / 明细表 (DOMAIN §1.6 C, reconstructed): 序号 · 宗地编号 · 项目名称 · 坐落 · 片区 · 面积(公顷) ·
 * 土地用途 · 供应方式 · 新增 · 存量 · 计划季度 (· 住房类型), from the plan's identified parcels.
 */
import type { Area } from '../area.js';
import { planCategory, housingCategories } from '../classification/index.js';
import type { PlanDocument } from './document.js';

export interface ParcelScheduleRow {
  readonly index: number;
  readonly number: string;
  readonly name: string | null;
  readonly location: string | null;
  readonly district: string | null;
  readonly area: Area;
  readonly use: string;
  readonly method: string | null;
  readonly newLand: Area | null;
  readonly existingLand: Area | null;
  readonly quarter: number | null;
  readonly housingType: string | null;
}

const METHOD_ZH: Record<string, string> = { grant: '出让', allocation: '划拨', lease: '租赁', capitalContribution: '作价出资或入股', authorizedOperation: '授权经营' };

export function parcelSchedule(plan: PlanDocument): { title: '国有建设用地供应计划宗地表'; unit: '公顷'; rows: ParcelScheduleRow[] } {
  const districtName = (id: string | undefined): string | null => (id === undefined ? null : (plan.cube.districts.find((d) => d.id === id)?.name ?? id));
  const housing = (id: string | undefined): string | null => (id === undefined ? null : ((['old', 'new'] as const).flatMap((s) => housingCategories(s)).find((c) => c.id === id)?.zh ?? id));
  const rows = (plan.parcels ?? []).map((p, i) => ({
    index: i + 1,
    number: p.number,
    name: p.name ?? null,
    location: p.location ?? null,
    district: districtName(p.district),
    area: p.area,
    use: planCategory(p.category)?.zh ?? p.category,
    method: p.method ? (METHOD_ZH[p.method] ?? p.method) : null,
    newLand: p.newLand ?? null,
    existingLand: p.newLand ? p.area.minus(p.newLand) : null,
    quarter: p.quarter ?? null,
    housingType: housing(p.housingType),
  }));
  return { title: '国有建设用地供应计划宗地表', unit: '公顷', rows };
}
