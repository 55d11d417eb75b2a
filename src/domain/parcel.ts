/**
 * A parcel (宗地) in the register, carrying the national supply-result fields of the land-market
 * monitoring system (DOMAIN §7). Geometry is GeoJSON in CGCS2000 longitude/latitude (EPSG:4490).
 */
import type { Area } from './area.js';
import type { Dec } from './decimal.js';
import type { SupplyMethodCode } from './supply-method.js';

export type Position = [number, number];
export type PolygonCoords = Position[][];
export interface PolygonGeometry {
  readonly type: 'Polygon';
  readonly coordinates: PolygonCoords;
}
export interface MultiPolygonGeometry {
  readonly type: 'MultiPolygon';
  readonly coordinates: PolygonCoords[];
}
export type ParcelGeometry = PolygonGeometry | MultiPolygonGeometry;

/** ISO calendar date, "2026-03-31". */
export type IsoDate = string;

export interface ParcelFields {
  /** 宗地编号 */
  readonly parcelNumber?: string;
  /** 电子监管号 (Char 19 in the supervision schema) */
  readonly supervisionNumber?: string;
  /** 项目名称 */
  readonly projectName?: string;
  /** 项目位置 / 坐落 */
  readonly location?: string;
  /** 片区 / 区块 (district id) */
  readonly district?: string;
  /** 面积: official area */
  readonly area?: Area;
  /** 土地来源: the area drawn from existing construction land (0 = all 新增) */
  readonly existingLandArea?: Area;
  /** 土地用途: a GB/T 21010 or 用地用海 2023 code */
  readonly useCode?: string;
  /** 供地方式 */
  readonly supplyMethod?: SupplyMethodCode;
  /** 土地使用年限 (years) */
  readonly termYears?: number;
  /** 行业分类 (GB/T 4754 code) */
  readonly industryCode?: string;
  /** 土地级别 dj0–dj18 */
  readonly landGrade?: string;
  /** 成交价格 (万元) */
  readonly priceWanYuan?: Dec;
  /** 土地使用权人 */
  readonly assignee?: string;
  /** 约定容积率 下限 / 上限 */
  readonly farMin?: Dec;
  readonly farMax?: Dec;
  /** 约定交地 / 开工 / 竣工时间, 实际开工 / 竣工时间, 合同签订日期 */
  readonly agreedDeliveryDate?: IsoDate;
  readonly agreedStartDate?: IsoDate;
  readonly agreedCompletionDate?: IsoDate;
  readonly actualStartDate?: IsoDate;
  readonly actualCompletionDate?: IsoDate;
  readonly contractDate?: IsoDate;
  /** 批准单位 / 批准文号 */
  readonly approvalUnit?: string;
  readonly approvalNumber?: string;
}

/** One feature read from a parcel file, reprojected to EPSG:4490. */
export interface ParcelFeature {
  /** Index of the record in its file (0-based), for error messages. */
  readonly recordIndex: number;
  readonly geometry: ParcelGeometry | null;
  /** Attributes mapped onto parcel fields (宗地编号 → parcelNumber …). */
  readonly fields: ParcelFields;
  /** The original attributes under their original names. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Ellipsoidal area on CGCS2000, m² (a measurement: float64). */
  readonly areaM2: number | null;
}
