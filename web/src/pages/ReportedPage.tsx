/**
 * What a county reported, as the province sees it (read-only):
 *   /reported/CODE                    the county: when it last reported, its plans, its parcels
 *   /reported/CODE/plans/ID           a plan: versions, indicators against execution, supplies
 *   /reported/CODE/parcels/ID         a parcel: its outline, attributes and supplies
 */
import { useState } from 'react';
import { Alert, Breadcrumb, Card, Descriptions, Progress, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { CountyDto, ReportedParcelDto, ReportedParcelsDto, ReportedPlanDto } from '../../../src/server/routes/reported.js';
import { useI18n } from '../i18n.js';
import { navigate } from '../router.js';
import { fmtHa, useApi } from '../usePlan.js';

type Lang = 'zh' | 'en';
const L = {
  nation: { zh: '全国', en: 'Nation' },
  readOnly: { zh: '县级上报数据（只读）', en: 'Reported by the county (read-only)' },
  lastReported: { zh: '最近上报', en: 'Last reported' },
  imported: { zh: '省级导入', en: 'Imported' },
  channel: { zh: '方式', en: 'Channel' },
  file: { zh: '上报文件', en: 'bundle file' },
  connection: { zh: '数据库复制', en: 'replication' },
  synthetic: { zh: '合成数据', en: 'synthetic' },
  auditHead: { zh: '审计链', en: 'Audit chain' },
  never: { zh: '尚未上报', en: 'has not reported' },
  plans: { zh: '各年度计划', en: 'Plans by year' },
  year: { zh: '年度', en: 'Year' },
  name: { zh: '名称', en: 'Name' },
  status: { zh: '状态', en: 'Status' },
  published: { zh: '公布日期', en: 'Published' },
  onTime: { zh: '按时', en: 'on time' },
  late: { zh: '逾期', en: 'late' },
  planned: { zh: '计划（公顷）', en: 'Planned (ha)' },
  supplied: { zh: '已供应（公顷）', en: 'Supplied (ha)' },
  rate: { zh: '执行率', en: 'Execution' },
  parcels: { zh: '宗地', en: 'Parcels' },
  parcelNumber: { zh: '宗地编号', en: 'Parcel number' },
  project: { zh: '项目名称', en: 'Project' },
  area: { zh: '面积（公顷）', en: 'Area (ha)' },
  agreedStart: { zh: '约定开工', en: 'Agreed start' },
  actualStart: { zh: '实际开工', en: 'Actual start' },
  notStarted: { zh: '未开工', en: 'not started' },
  versions: { zh: '版本', en: 'Versions' },
  indicators: { zh: '指标与执行', en: 'Indicators and execution' },
  indicator: { zh: '指标', en: 'Indicator' },
  cap: { zh: '计划指标（公顷）', en: 'Cap (ha)' },
  supplies: { zh: '供地记录', en: 'Supply records' },
  suppliedOn: { zh: '供地日期', en: 'Supplied on' },
  category: { zh: '用途', en: 'Use' },
  method: { zh: '方式', en: 'Method' },
  attributes: { zh: '属性', en: 'Attributes' },
  outline: { zh: '宗地图形（CGCS2000）', en: 'Outline (CGCS2000)' },
  notFound: { zh: '未找到', en: 'Not found' },
} as const;

const STATUS: Record<string, { zh: string; en: string }> = {
  drafting: { zh: '编制中', en: 'drafting' },
  consultation: { zh: '征求意见', en: 'consultation' },
  review: { zh: '审查中', en: 'review' },
  submitted: { zh: '已报批', en: 'submitted' },
  approved: { zh: '已批准', en: 'approved' },
  published: { zh: '已公布', en: 'published' },
  adjusting: { zh: '调整中', en: 'adjusting' },
  adjusted: { zh: '已调整', en: 'adjusted' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  closed: { zh: '已结束', en: 'closed' },
};

/** An instant as China Standard Time, the time the bureaus work in. */
function cst(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function Rate({ rate }: { rate: string | null }) {
  return rate === null ? <span>—</span> : <Progress percent={Math.min(100, Number(rate))} size="small" format={() => `${rate}%`} />;
}

function Crumbs({ county, extra }: { county: CountyDto; extra?: { title: string; path?: string }[] }) {
  const { lang } = useI18n();
  const items = [
    ...county.ancestry.map((u) => ({ title: <a onClick={() => navigate(`/rollup/${u.code}`)}>{u.code === '000000' ? L.nation[lang as Lang] : u.name}</a> })),
    { title: extra && extra.length > 0 ? <a onClick={() => navigate(`/reported/${county.unit.code}`)}>{county.unit.name}</a> : <span>{county.unit.name}</span> },
    ...(extra ?? []).map((e) => ({ title: <span>{e.title}</span> })),
  ];
  return <Breadcrumb data-testid="reported-breadcrumb" items={items} />;
}

/** Renders a parcel's outline scaled into a box (no basemap: a closed network has none). */
function Outline({ geometry }: { geometry: unknown }) {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  const rings: number[][][] = g?.type === 'Polygon' ? (g.coordinates as number[][][]) : g?.type === 'MultiPolygon' ? (g.coordinates as number[][][][]).flat() : [];
  if (rings.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const pts = rings.flat();
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const s = 260 / Math.max((x1 - x0) * k, y1 - y0, 1e-9);
  const d = rings.map((r) => `M${r.map((p) => `${((p[0]! - x0) * k * s + 20).toFixed(1)},${((y1 - p[1]!) * s + 20).toFixed(1)}`).join('L')}Z`).join('');
  return (
    <svg viewBox="0 0 300 300" width={300} height={300} data-testid="parcel-outline" style={{ background: '#f7fbff', border: '1px solid #f0f0f0' }}>
      <path d={d} fill="#1f6f43" fillOpacity={0.35} stroke="#1f6f43" strokeWidth={2} />
    </svg>
  );
}

/** Supply records, with a link to each one's parcel. */
function SuppliesTable({ code, supplies, pagination }: { code: string; supplies: ReportedPlanDto['supplies']; pagination?: { current: number; total: number; onChange(p: number): void } }) {
  const { lang } = useI18n();
  const l = (k: keyof typeof L) => L[k][lang as Lang];
  return (
    <Table
      size="small"
      rowKey="recordId"
      dataSource={supplies}
      pagination={pagination ? { ...pagination, pageSize: 20, showSizeChanger: false } : false}
      columns={[
        { title: '#', dataIndex: 'recordId', key: 'id' },
        { title: l('suppliedOn'), dataIndex: 'suppliedOn', key: 'on' },
        { title: l('category'), dataIndex: 'category', key: 'c' },
        { title: l('method'), dataIndex: 'method', key: 'm' },
        { title: l('area'), key: 'a', align: 'right', className: 'lp-num', render: (_v, s) => fmtHa(s.area.ha, 4) },
        { title: l('parcels'), key: 'p', render: (_v, s) => (s.parcelId === null ? '—' : <a onClick={() => navigate(`/reported/${code}/parcels/${s.parcelId}`)}>#{s.parcelId}</a>) },
      ]}
    />
  );
}

function CountyView({ code }: { code: string }) {
  const { lang } = useI18n();
  const l = (k: keyof typeof L) => L[k][lang as Lang];
  const [page, setPage] = useState(1);
  const { data, error } = useApi<CountyDto>(`/api/reported/${code}`);
  const parcels = useApi<ReportedParcelsDto>(`/api/reported/${code}/parcels?limit=20&offset=${(page - 1) * 20}`);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return <Skeleton active />;
  const rep = data.reporting;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Crumbs county={data} />
      <Space align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="county-name">
          {data.unit.name}
        </Typography.Title>
        <Tag color="blue">{l('readOnly')}</Tag>
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, md: 4 }} data-testid="county-reporting">
        <Descriptions.Item label={l('lastReported')}>{rep?.reportedAt ? cst(rep.reportedAt) : l('never')}</Descriptions.Item>
        <Descriptions.Item label={l('imported')}>{cst(rep?.importedAt)}</Descriptions.Item>
        <Descriptions.Item label={l('channel')}>{rep?.channel ? (L[rep.channel as 'file' | 'connection' | 'synthetic']?.[lang as Lang] ?? rep.channel) : '—'}</Descriptions.Item>
        <Descriptions.Item label={l('auditHead')}>{rep ? `#${rep.headSeq}` : '—'}</Descriptions.Item>
      </Descriptions>
      <Card title={l('plans')} size="small">
        <Table
          data-testid="county-plans"
          size="small"
          rowKey="planId"
          pagination={false}
          dataSource={data.plans}
          columns={[
            { title: l('year'), dataIndex: 'year', key: 'year' },
            { title: l('name'), key: 'name', render: (_v, p) => <a onClick={() => navigate(`/reported/${code}/plans/${p.planId}`)}>{p.name}</a> },
            { title: l('status'), key: 'status', render: (_v, p) => (p.status ? (STATUS[p.status]?.[lang as Lang] ?? p.status) : '—') },
            { title: l('published'), key: 'pub', render: (_v, p) => (p.publishedOn === null ? '—' : <Space size={4}>{p.publishedOn}<Tag color={p.onTime ? 'green' : 'orange'}>{p.onTime ? l('onTime') : l('late')}</Tag></Space>) },
            { title: l('planned'), key: 'p', align: 'right', className: 'lp-num', render: (_v, p) => fmtHa(p.planned.ha) },
            { title: l('supplied'), key: 's', align: 'right', className: 'lp-num', render: (_v, p) => fmtHa(p.supplied.ha) },
            { title: l('rate'), key: 'r', width: 160, render: (_v, p) => <Rate rate={p.rate} /> },
          ]}
        />
      </Card>
      <Card title={`${l('parcels')}${parcels.data ? `（${parcels.data.total}）` : ''}`} size="small">
        <Table
          data-testid="county-parcels"
          size="small"
          rowKey="parcelId"
          loading={!parcels.data}
          dataSource={parcels.data?.parcels ?? []}
          pagination={{ current: page, pageSize: 20, total: parcels.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: l('parcelNumber'), key: 'no', render: (_v, p) => <a onClick={() => navigate(`/reported/${code}/parcels/${p.parcelId}`)}>{p.parcelNumber ?? `#${p.parcelId}`}</a> },
            { title: l('project'), dataIndex: 'projectName', key: 'project' },
            { title: l('area'), key: 'area', align: 'right', className: 'lp-num', render: (_v, p) => (p.area ? fmtHa(p.area.ha, 4) : '—') },
            { title: l('agreedStart'), dataIndex: 'agreedStartDate', key: 'as' },
            { title: l('actualStart'), key: 'st', render: (_v, p) => p.actualStartDate ?? (p.agreedStartDate ? <Tag color="orange">{l('notStarted')}</Tag> : '—') },
          ]}
        />
      </Card>
    </Space>
  );
}

function PlanView({ code, planId }: { code: string; planId: number }) {
  const { lang } = useI18n();
  const l = (k: keyof typeof L) => L[k][lang as Lang];
  const county = useApi<CountyDto>(`/api/reported/${code}`);
  const [page, setPage] = useState(1);
  const { data, error } = useApi<ReportedPlanDto>(`/api/reported/${code}/plans/${planId}?limit=20&offset=${(page - 1) * 20}`);
  if (error || county.error) return <Alert type="error" showIcon title={error ?? county.error} />;
  if (!data || !county.data) return <Skeleton active />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Crumbs county={county.data} extra={[{ title: data.plan.name }]} />
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="plan-title">
        {data.plan.name}
      </Typography.Title>
      <Card title={l('versions')} size="small">
        <Table size="small" rowKey="versionId" pagination={false} dataSource={data.versions} columns={[{ title: '#', dataIndex: 'seq', key: 'seq' }, { title: l('status'), key: 'st', render: (_v, v) => STATUS[v.status]?.[lang as Lang] ?? v.status }, { title: 'valid from', dataIndex: 'validFrom', key: 'vf' }, { title: 'recorded', dataIndex: 'recordedAt', key: 'ra' }]} />
      </Card>
      <Card title={l('indicators')} size="small">
        <Table
          data-testid="plan-indicators"
          size="small"
          rowKey="indicatorId"
          pagination={false}
          dataSource={data.indicators}
          columns={[
            { title: l('indicator'), dataIndex: 'indicatorId', key: 'id' },
            { title: l('cap'), key: 'cap', align: 'right', className: 'lp-num', render: (_v, i) => fmtHa(i.cap.ha, 4) },
            { title: l('supplied'), key: 'deb', align: 'right', className: 'lp-num', render: (_v, i) => fmtHa(i.debited.ha, 4) },
            { title: l('rate'), key: 'r', width: 160, render: (_v, i) => <Rate rate={i.rate} /> },
          ]}
        />
      </Card>
      <Card title={`${l('supplies')}（${data.supplyCount}）`} size="small">
        <SuppliesTable code={code} supplies={data.supplies} pagination={{ current: page, total: data.supplyCount, onChange: setPage }} />
      </Card>
    </Space>
  );
}

function ParcelView({ code, parcelId }: { code: string; parcelId: number }) {
  const { lang } = useI18n();
  const l = (k: keyof typeof L) => L[k][lang as Lang];
  const county = useApi<CountyDto>(`/api/reported/${code}`);
  const { data, error } = useApi<ReportedParcelDto>(`/api/reported/${code}/parcels/${parcelId}`);
  if (error || county.error) return <Alert type="error" showIcon title={error ?? county.error} />;
  if (!data || !county.data) return <Skeleton active />;
  const p = data.parcel;
  const title = p.parcelNumber ?? `#${p.parcelId}`;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Crumbs county={county.data} extra={[{ title }]} />
      <Space align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="parcel-title">
          {title}
        </Typography.Title>
        <Tag color="blue">{l('readOnly')}</Tag>
      </Space>
      <Space align="start" wrap size="large">
        <Card title={l('outline')} size="small">
          <Outline geometry={data.geometry} />
        </Card>
        <Card title={l('attributes')} size="small" style={{ minWidth: 360 }}>
          <Descriptions size="small" column={1} data-testid="parcel-attributes">
            <Descriptions.Item label={l('project')}>{p.projectName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={l('area')}>{p.area ? `${fmtHa(p.area.ha, 4)}（${p.area.m2} m²）` : '—'}</Descriptions.Item>
            <Descriptions.Item label={l('category')}>{p.useCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={l('method')}>{p.supplyMethod ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={l('agreedStart')}>{p.agreedStartDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={l('actualStart')}>{p.actualStartDate ?? (p.agreedStartDate ? l('notStarted') : '—')}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Space>
      <Card title={l('supplies')} size="small">
        <SuppliesTable code={code} supplies={data.supplies} />
      </Card>
    </Space>
  );
}

export default function ReportedPage({ path }: { path: string }) {
  const m = /^\/reported\/(\d{6})(?:\/(plans|parcels)\/(\d+))?\/?$/.exec(path);
  const { lang } = useI18n();
  if (!m) return <Alert type="warning" showIcon title={L.notFound[lang as Lang]} />;
  const [, code, kind, id] = m;
  if (kind === 'plans') return <PlanView code={code!} planId={Number(id)} />;
  if (kind === 'parcels') return <ParcelView code={code!} parcelId={Number(id)} />;
  return <CountyView code={code!} />;
}
