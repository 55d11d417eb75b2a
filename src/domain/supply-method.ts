/**
 * Supply methods (供地方式) with the national landchina codes (DOMAIN §5):
 * 1 划拨 · 2 招拍挂出让 (21 招标, 22 拍卖, 23 挂牌) · 3 协议出让 · 4 租赁 · 5 作价出资或入股 · 6 授权经营.
 */
import supplyMethodsFile from '../../data/classification/supply-methods.json' with { type: 'json' };

export type SupplyMethodCode = '1' | '2' | '21' | '22' | '23' | '3' | '4' | '5' | '6';

export interface SupplyMethod {
  readonly code: SupplyMethodCode;
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly parent?: SupplyMethodCode;
  readonly paid: boolean;
  /** 出让 (a grant by contract): 2/21/22/23 and 3. */
  readonly grant?: boolean;
  readonly aliases: readonly string[];
}

export function supplyMethods(): readonly SupplyMethod[] {
  return (supplyMethodsFile as unknown as { methods: SupplyMethod[] }).methods;
}

export function supplyMethod(code: string): SupplyMethod | undefined {
  return supplyMethods().find((m) => m.code === code);
}

export function isSupplyMethodCode(code: string): code is SupplyMethodCode {
  return supplyMethod(code) !== undefined;
}

/** 招拍挂: tender, auction or listing (codes 2, 21, 22, 23). */
export function isPublicBidding(code: string): boolean {
  return code === '2' || code === '21' || code === '22' || code === '23';
}

export function isGrant(code: string): boolean {
  return supplyMethod(code)?.grant === true;
}

export function isAllocation(code: string): boolean {
  return code === '1';
}

export function resolveSupplyMethod(label: string): SupplyMethod | undefined {
  const l = label.replace(/\s+/g, '');
  const all = supplyMethods().flatMap((m) => m.aliases.map((a) => ({ m, a })));
  all.sort((x, y) => y.a.length - x.a.length);
  return all.find(({ a }) => l.includes(a))?.m;
}
