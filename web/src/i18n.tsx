/** Chinese first, English on request. The choice is kept in localStorage. */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';

const STRINGS = {
  appTitle: { zh: '国有建设用地供应计划管理', en: 'State-owned construction land supply plan' },
  login: { zh: '登录', en: 'Log in' },
  logout: { zh: '退出', en: 'Log out' },
  username: { zh: '用户名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  demoAccounts: { zh: '演示账号', en: 'Demo accounts' },
  dashboard: { zh: '执行总览', en: 'Dashboard' },
  plan: { zh: '供应计划', en: 'Plan' },
  audit: { zh: '文本审查', en: 'Audit' },
  parcels: { zh: '宗地', en: 'Parcels' },
  supply: { zh: '供地登记', en: 'Supply' },
  users: { zh: '用户管理', en: 'Accounts' },
  rollup: { zh: '上级汇总', en: 'Roll-up' },
  pipeline: { zh: '供应流程', en: 'Pipeline' },
  reserve: { zh: '土地储备', en: 'Land reserve' },
  compile: { zh: '计划编制', en: 'Compile' },
  consult: { zh: '公众参与', en: 'Consultation' },
  publicView: { zh: '公众查看（仅已公布内容）', en: 'Public (published material only)' },
  planTotal: { zh: '计划供应总量', en: 'Plan total' },
  supplied: { zh: '已供应', en: 'Supplied' },
  remaining: { zh: '剩余指标', en: 'Remaining' },
  executionRate: { zh: '计划执行率', en: 'Execution rate' },
  byCategory: { zh: '按用途', en: 'By use' },
  byDistrict: { zh: '按片区', en: 'By district' },
  byMethod: { zh: '按供应方式', en: 'By method' },
  byMonth: { zh: '按月份', en: 'By month' },
  alerts: { zh: '预警', en: 'Alerts' },
  noAlerts: { zh: '暂无预警', en: 'No alerts' },
  hectares: { zh: '公顷', en: 'ha' },
  category: { zh: '用途', en: 'Use' },
  district: { zh: '片区', en: 'District' },
  method: { zh: '供应方式', en: 'Method' },
  source: { zh: '土地来源', en: 'Source' },
  kind: { zh: '指标性质', en: 'Kind' },
  binding: { zh: '约束性', en: 'binding' },
  indicative: { zh: '指导性', en: 'indicative' },
  cap: { zh: '计划指标', en: 'Cap' },
  findings: { zh: '审查意见', en: 'Findings' },
  noFindings: { zh: '未发现问题', en: 'No findings' },
  basis: { zh: '依据', en: 'Basis' },
  confidence_confirmed: { zh: '已核实', en: 'confirmed' },
  confidence_secondary: { zh: '二手来源', en: 'secondary source' },
  confidence_unconfirmed: { zh: '未核实', en: 'unconfirmed' },
  confidence_heuristic: { zh: '经验阈值', en: 'heuristic' },
  confidenceHint: { zh: '依据的可信程度：已核实＝原文已摘录核对；二手来源、未核实＝尚待核对原文；经验阈值＝非法定标准', en: 'How sure the basis is: confirmed = article text quoted and checked; secondary, unconfirmed = text still to be checked; heuristic = a rule of thumb, not law' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  expected: { zh: '推算值', en: 'Implied' },
  stated: { zh: '文本值', en: 'Stated' },
  runAudit: { zh: '审查', en: 'Audit' },
  pasteText: { zh: '粘贴供应计划文本，或上传 .txt / .docx 文件', en: 'Paste a plan text, or upload a .txt or .docx file' },
  upload: { zh: '上传文件', en: 'Upload file' },
  loadDemoText: { zh: '载入巴楚县2026示例', en: 'Load the 巴楚县 2026 sample' },
  figures: { zh: '识别的数字', en: 'Figures found' },
  unread: { zh: '未识别的数字', en: 'Numbers not read' },
  unreadFloorArea: { zh: '建筑面积，不是用地面积，不参与核对', en: 'floor area, not land area: not reconciled' },
  unreadPermille: { zh: '千分比，未核对', en: 'per mille: not reconciled' },
  unreadNoUnit: { zh: '未能确定单位', en: 'no unit could be determined' },
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  info: { zh: '提示', en: 'info' },
  loading: { zh: '加载中…', en: 'Loading…' },
  demoData: { zh: '演示数据', en: 'demo data' },
  check: { zh: '预审', en: 'Check' },
  record: { zh: '登记供地', en: 'Record' },
  area: { zh: '面积（公顷）', en: 'Area (ha)' },
  suppliedOn: { zh: '供地日期', en: 'Supply date' },
  projectName: { zh: '项目名称', en: 'Project' },
  quotaImpact: { zh: '对计划指标的影响', en: 'Quota impact' },
  after: { zh: '登记后', en: 'After' },
  recorded: { zh: '已登记', en: 'Recorded' },
  exceeds: { zh: '超出指标', en: 'Exceeds cap' },
  status: { zh: '状态', en: 'Status' },
  use: { zh: '用途', en: 'Use' },
  all: { zh: '全部', en: 'All' },
  details: { zh: '详情', en: 'Details' },
  colourBy: { zh: '着色依据', en: 'Colour by' },
  layers: { zh: '图层', en: 'Layers' },
  attachment1: { zh: '附件1 国有建设用地供应计划汇总表', en: 'Attachment 1: supply plan summary table' },
  attachment2: { zh: '附件2 住房用地供应计划汇总表', en: 'Attachment 2: housing land supply summary table' },
  versions: { zh: '版本', en: 'Versions' },
  share: { zh: '占比', en: 'Share' },
  total: { zh: '合计', en: 'Total' },
  cumulative: { zh: '累计', en: 'Cumulative' },
  note: { zh: '备注', en: 'Note' },
  notAvailable: { zh: '该功能在当前部署中不可用', en: 'Not available in this deployment' },
  idle: { zh: '闲置土地预警', en: 'Idle-land alerts' },
  parcelNumber: { zh: '宗地编号', en: 'Parcel no.' },
  location: { zh: '坐落', en: 'Location' },
  contractDate: { zh: '合同签订日期', en: 'Contract date' },
  housingType: { zh: '住房类型', en: 'Housing type' },
  termYears: { zh: '出让年限（年）', en: 'Term (years)' },
  farMin: { zh: '容积率下限', en: 'FAR min' },
  farMax: { zh: '容积率上限', en: 'FAR max' },
  reservePrice: { zh: '底价（万元）', en: 'Reserve price (10k yuan)' },
  transactionPrice: { zh: '成交价（万元）', en: 'Price (10k yuan)' },
  announcementDate: { zh: '出让公告日期', en: 'Announcement date' },
  listingStart: { zh: '挂牌起始日期', en: 'Listing start' },
  listingEnd: { zh: '挂牌截止日期', en: 'Listing end' },
  cleanLand: { zh: '“净地”条件', en: 'Clean-land conditions' },
  useScheme: { zh: '（用地用海分类）', en: ' (2023 land-use code)' },

} as const;

export type StringKey = keyof typeof STRINGS;

interface I18n {
  readonly lang: Lang;
  setLang(l: Lang): void;
  t(k: StringKey): string;
  /** Pick a bilingual message from the server. */
  pick(b: { zh: string; en: string } | undefined): string;
}

const Ctx = createContext<I18n | null>(null);

export function initialLang(): Lang {
  const saved = localStorage.getItem('lp_lang');
  return saved === 'en' ? 'en' : 'zh';
}

export function I18nProvider({ lang, setLang, children }: { lang: Lang; setLang(l: Lang): void; children: ReactNode }) {
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang: (l) => {
        localStorage.setItem('lp_lang', l);
        document.documentElement.lang = l === 'en' ? 'en' : 'zh-CN';
        setLang(l);
      },
      t: (k) => STRINGS[k][lang],
      pick: (b) => (b ? b[lang] : ''),
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('I18nProvider missing');
  return v;
}

export function useLangState(): [Lang, (l: Lang) => void] {
  return useState<Lang>(initialLang);
}
